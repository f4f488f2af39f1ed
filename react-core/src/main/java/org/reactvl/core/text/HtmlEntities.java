package org.reactvl.core.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactvl.core.ReactException;

/**
 * HTML character references, decoded the two ways CLIP's cleaning does: Python's {@code
 * html.unescape} (HTML5 rules, including legacy names without ';' and the numeric replacements for
 * invalid code points) and ftfy's stricter {@code unescape_html} (only complete {@code &name;} or
 * {@code &#n;} references, plus upper-cased names such as {@code &EACUTE;}).
 *
 * <p>The named references are the WHATWG table, read once from {@code html5-entities.txt}.
 * Stateless and thread-safe.
 */
final class HtmlEntities {
  private static final String RESOURCE = "html5-entities.txt";
  private static final Pattern PYTHON_REFERENCE =
      Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
  private static final Pattern FTFY_REFERENCE = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

  /** Name (with or without the ';') to replacement, as in Python's {@code html.entities.html5}. */
  private static final Map<String, String> HTML5 = readTable();
  /** "&amp;name;" to replacement for ftfy: the ';' names and the upper-cased forms it accepts. */
  private static final Map<String, String> FTFY = ftfyTable();

  private HtmlEntities() {}

  /** Python's {@code html.unescape(text)}. */
  static String unescape(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    Matcher m = PYTHON_REFERENCE.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(replaceReference(m.group(1)));
      last = m.end();
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  /** ftfy's {@code unescape_html(text)}. */
  static String unescapeFtfy(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    Matcher m = FTFY_REFERENCE.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      String reference = m.group();
      String replacement = FTFY.get(reference);
      if (replacement == null && reference.startsWith("&#")) {
        String unescaped = unescape(reference);
        replacement = unescaped.indexOf(';') >= 0 ? reference : unescaped;
      }
      out.append(text, last, m.start()).append(replacement == null ? reference : replacement);
      last = m.end();
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  private static String replaceReference(String body) {
    if (body.charAt(0) == '#') {
      return numericReference(body);
    }
    String exact = HTML5.get(body);
    if (exact != null) {
      return exact;
    }
    // HTML5: the longest legacy name that prefixes the text wins, the rest stays literal.
    int length = body.codePointCount(0, body.length());
    for (int x = length - 1; x > 1; x--) {
      int end = body.offsetByCodePoints(0, x);
      String prefix = HTML5.get(body.substring(0, end));
      if (prefix != null) {
        return prefix + body.substring(end);
      }
    }
    return "&" + body;
  }

  private static String numericReference(String body) {
    boolean hex = body.charAt(1) == 'x' || body.charAt(1) == 'X';
    int end = body.endsWith(";") ? body.length() - 1 : body.length();
    int cp = parseClamped(body, hex ? 2 : 1, end, hex ? 16 : 10);
    if (cp == 0) {
      return "\uFFFD";
    }
    if (cp == 0x0D) {
      return "\r";
    }
    if (cp >= 0x80 && cp <= 0x9F) {
      return String.valueOf(SingleByteCharmap.SLOPPY_WINDOWS_1252.decode(cp));
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > Character.MAX_CODE_POINT) {
      return "\uFFFD";
    }
    if (isInvalidCodePoint(cp)) {
      return "";
    }
    return Character.toString(cp);
  }

  /** Parses digits, saturating just above U+10FFFF (Python's integers are unbounded). */
  private static int parseClamped(String digits, int start, int end, int radix) {
    int value = 0;
    for (int i = start; i < end; i++) {
      value = value * radix + Character.digit(digits.charAt(i), radix);
      if (value > Character.MAX_CODE_POINT) {
        return Character.MAX_CODE_POINT + 1;
      }
    }
    return value;
  }

  /** Python's {@code html._invalid_codepoints}: controls, noncharacters, U+000B. */
  private static boolean isInvalidCodePoint(int cp) {
    return (cp >= 0x01 && cp <= 0x08)
        || cp == 0x0B
        || (cp >= 0x0E && cp <= 0x1F)
        || (cp >= 0x7F && cp <= 0x9F)
        || (cp >= 0xFDD0 && cp <= 0xFDEF)
        || (cp & 0xFFFE) == 0xFFFE;
  }

  private static Map<String, String> ftfyTable() {
    Map<String, String> table = new HashMap<>();
    for (Map.Entry<String, String> entry : HTML5.entrySet()) {
      String name = entry.getKey();
      if (!name.endsWith(";")) {
        continue;
      }
      table.put("&" + name, entry.getValue());
      // Names are ASCII, so ROOT-locale case mapping equals Python's str.lower()/upper() on them.
      if (name.equals(name.toLowerCase(Locale.ROOT))) {
        String upper = "&" + name.toUpperCase(Locale.ROOT);
        if (unescape(upper).equals(upper)) {
          table.put(upper, entry.getValue().toUpperCase(Locale.ROOT));
        }
      }
    }
    return Map.copyOf(table);
  }

  private static Map<String, String> readTable() {
    Map<String, String> table = new HashMap<>();
    try (InputStream in = HtmlEntities.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new ReactException("bundled resource " + RESOURCE + " must be on the classpath, but was missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        StringBuilder value = new StringBuilder(2);
        for (String cp : line.substring(tab + 1).split(",")) {
          value.appendCodePoint(Integer.parseInt(cp, 16));
        }
        table.put(line.substring(0, tab), value.toString());
      }
    } catch (IOException e) {
      throw new ReactException("could not read bundled resource " + RESOURCE, e);
    }
    return Map.copyOf(table);
  }
}
