package org.reactvl.core.text;

import java.util.Objects;

/**
 * The text normalisation OpenAI's CLIP applies before byte-pair encoding, reproduced exactly:
 * {@code whitespace_clean(basic_clean(text)).lower()} from {@code clip/simple_tokenizer.py}, where
 * {@code basic_clean} is {@code html.unescape(html.unescape(ftfy.fix_text(text))).strip()}.
 *
 * <p>That is, in order:
 *
 * <ol>
 *   <li>ftfy 6.3.1's {@code fix_text}: mojibake repair ("CafÃ©" becomes "café"), C1 controls read
 *       as Windows-1252, Latin ligatures split, full-width forms narrowed, curly quotes
 *       straightened, control characters and terminal escapes removed, NFC, and HTML entities
 *       decoded on lines before the first one containing '&lt;';
 *   <li>Python's {@code html.unescape}, twice (HTML5 rules, legacy names without ';' too);
 *   <li>Python's {@code strip()}, runs of whitespace collapsed to one space, {@code strip()} again;
 *   <li>Python's {@code str.lower()} ('İ' becomes "i̇", a word-final 'Σ' becomes 'ς').
 * </ol>
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * ClipTextCleaner.clean("  Tom &amp;amp; Jerry\u2019s  CafÃ©\n") // "tom & jerry's café"
 * }</pre>
 */
public final class ClipTextCleaner {
  private ClipTextCleaner() {}

  /**
   * Cleans text exactly as CLIP's tokenizer does before splitting it into words.
   *
   * @param text any text, possibly empty
   * @return the cleaned, lower-cased text
   */
  public static String clean(String text) {
    return PythonUnicode.lower(whitespaceClean(basicClean(text)));
  }

  /**
   * CLIP's {@code basic_clean}: ftfy's {@code fix_text}, {@code html.unescape} twice, then {@code
   * strip()}.
   *
   * @param text any text, possibly empty
   * @return the fixed text, case preserved
   */
  public static String basicClean(String text) {
    Objects.requireNonNull(text, "text");
    String fixed = TextFixer.fixText(text);
    return PythonUnicode.strip(HtmlEntities.unescape(HtmlEntities.unescape(fixed)));
  }

  /**
   * CLIP's {@code whitespace_clean}: each run of Unicode whitespace becomes one space, then the
   * ends are stripped.
   *
   * @param text any text, possibly empty
   * @return the text with whitespace collapsed
   */
  public static String whitespaceClean(String text) {
    Objects.requireNonNull(text, "text");
    return PythonUnicode.collapseWhitespace(text);
  }
}
