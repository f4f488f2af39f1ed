package org.reactvl.core.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reactvl.core.VocabularyFormatException;

/**
 * OpenAI's byte-level BPE vocabulary and merge procedure ({@code SimpleTokenizer.bpe}).
 *
 * <p>Every UTF-8 byte has a printable stand-in character ({@code bytes_to_unicode}); the vocabulary
 * is those 256 characters, the same with "&lt;/w&gt;" (end of word) appended, one symbol per merge
 * rule in rank order, then the two special tokens. A word is encoded by starting from its bytes
 * (the last one carrying "&lt;/w&gt;") and repeatedly merging every occurrence, left to right, of
 * the adjacent pair with the lowest rank, until no pair has a rank. Symbols are handled as ids
 * here, which is equivalent because each string has one id (later duplicates win, as in the Python
 * dictionary).
 *
 * <p>Immutable and thread-safe.
 */
final class BytePairEncoding {
  /** Merge lines read after the header line: 49152 - 256 - 2, as OpenAI slices them. */
  static final int MERGES = 49152 - 256 - 2;
  private static final String END_OF_WORD = "</w>";
  /** Bytes without a printable Latin-1 character of their own; they stand in as U+0100 onwards. */
  private static final int NON_PRINTABLE_BYTES = 68;
  private static final String[] SPECIAL_TOKENS = {"<|startoftext|>", "<|endoftext|>"};

  private final String[] vocabulary;
  /** For each byte, the id of its stand-in character (add 256 for the end-of-word form). */
  private final int[] byteIds = new int[256];
  /** For each stand-in character (all below U+0100 + 68), its byte; -1 elsewhere. */
  private final int[] charBytes;
  private final PairRanks ranks;
  /** For each rank, the ids of the two symbols it merges and of the result. */
  private final int[][] merges;

  private BytePairEncoding(String[] vocabulary, char[] byteChars, PairRanks ranks, int[][] merges) {
    this.vocabulary = vocabulary;
    this.ranks = ranks;
    this.merges = merges;
    int maxChar = 0;
    for (char c : byteChars) {
      maxChar = Math.max(maxChar, c);
    }
    this.charBytes = new int[maxChar + 1];
    Arrays.fill(charBytes, -1);
    for (int b = 0; b < 256; b++) {
      charBytes[byteChars[b]] = b;
    }
    for (int id = 0; id < 256; id++) {
      byteIds[charBytes[vocabulary[id].charAt(0)]] = id;
    }
  }

  /**
   * Builds the vocabulary from the text of a merges file ("#version" header line, then one "left
   * right" pair per line), as {@code SimpleTokenizer.__init__} does.
   *
   * @param mergesText the decompressed file content
   * @param source where it came from, for error messages
   */
  static BytePairEncoding fromMerges(String mergesText, String source) {
    String[] lines = firstLines(mergesText, MERGES + 1);
    if (lines.length < MERGES + 1) {
      throw new VocabularyFormatException(
          "BPE merges file " + source + " must have a header line and at least " + MERGES
              + " merge lines, but had " + lines.length + " lines");
    }
    char[] byteChars = byteStandIns();
    String[] vocabulary = new String[512 + MERGES + SPECIAL_TOKENS.length];
    int next = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < 256; i++) {
        vocabulary[next++] = byteChars[printableFirstOrder()[i]] + (pass == 0 ? "" : END_OF_WORD);
      }
    }
    String[][] merges = new String[MERGES][];
    for (int rank = 0; rank < MERGES; rank++) {
      String line = lines[rank + 1];
      String[] parts = splitOnWhitespace(line);
      if (parts.length != 2) {
        throw new VocabularyFormatException(
            "BPE merges file " + source + " line " + (rank + 2) + " must hold two symbols separated by a space, but was '"
                + line + "'");
      }
      if (!isSymbol(parts[0]) || !isSymbol(parts[1])) {
        throw new VocabularyFormatException(
            "BPE merges file " + source + " line " + (rank + 2)
                + " must hold symbols of byte stand-in characters (optionally ending in </w>), but was '" + line + "'");
      }
      merges[rank] = parts;
      vocabulary[next++] = parts[0] + parts[1];
    }
    for (String special : SPECIAL_TOKENS) {
      vocabulary[next++] = special;
    }
    // Later duplicates win, as in the Python dict built from the same list.
    Map<String, Integer> ids = new HashMap<>(vocabulary.length * 2);
    for (int id = 0; id < vocabulary.length; id++) {
      ids.put(vocabulary[id], id);
    }
    PairRanks ranks = new PairRanks(MERGES);
    int[][] mergeIds = new int[MERGES][];
    for (int rank = 0; rank < MERGES; rank++) {
      Integer left = ids.get(merges[rank][0]);
      Integer right = ids.get(merges[rank][1]);
      // A symbol that is nowhere in the vocabulary never appears in a word, so neither does the pair.
      if (left != null && right != null) {
        mergeIds[rank] = new int[] {left, right, ids.get(merges[rank][0] + merges[rank][1])};
        ranks.put(left, right, rank);
      }
    }
    return new BytePairEncoding(vocabulary, byteChars, ranks, mergeIds);
  }

  /** The number of tokens, special ones included. */
  int size() {
    return vocabulary.length;
  }

  /** The BPE ids of one pre-tokenized word given as UTF-8 bytes (at least one). */
  int[] encodeWord(byte[] utf8) {
    int length = utf8.length;
    int[] symbols = new int[length];
    for (int i = 0; i < length; i++) {
      symbols[i] = byteIds[utf8[i] & 0xFF];
    }
    symbols[length - 1] += 256;
    while (length > 1) {
      int best = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < length; i++) {
        int rank = ranks.get(symbols[i], symbols[i + 1]);
        if (rank >= 0 && rank < best) {
          best = rank;
        }
      }
      if (best == Integer.MAX_VALUE) {
        break;
      }
      length = mergeAll(symbols, length, best);
    }
    return Arrays.copyOf(symbols, length);
  }

  /** Replaces, left to right, each occurrence of the pair with the given rank; returns the new length. */
  private int mergeAll(int[] symbols, int length, int rank) {
    int first = merges[rank][0];
    int second = merges[rank][1];
    int merged = merges[rank][2];
    int out = 0;
    for (int i = 0; i < length; ) {
      if (i + 1 < length && symbols[i] == first && symbols[i + 1] == second) {
        symbols[out++] = merged;
        i += 2;
      } else {
        symbols[out++] = symbols[i++];
      }
    }
    return out;
  }

  /** OpenAI's {@code decode}: token strings joined, mapped back to bytes, UTF-8 with U+FFFD, "&lt;/w&gt;" to space. */
  String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= vocabulary.length) {
        throw new IllegalArgumentException(
            "token id must be in [0, " + vocabulary.length + "), but was " + id + " at index " + i);
      }
      String token = vocabulary[id];
      for (int k = 0; k < token.length(); k++) {
        bytes.write(charBytes[token.charAt(k)]);
      }
    }
    return Utf8.decodeReplacing(bytes.toByteArray()).replace(END_OF_WORD, " ");
  }

  /** {@code bytes_to_unicode}: printable Latin-1 bytes stand for themselves, the rest for U+0100 on. */
  private static char[] byteStandIns() {
    char[] chars = new char[256];
    int n = 0;
    for (int b = 0; b < 256; b++) {
      chars[b] = isPrintable(b) ? (char) b : (char) (256 + n++);
    }
    return chars;
  }

  /** Bytes in vocabulary order: the printable ones ascending, then the others ascending. */
  private static int[] printableFirstOrder() {
    int[] order = new int[256];
    int next = 0;
    for (int b = 0; b < 256; b++) {
      if (isPrintable(b)) {
        order[next++] = b;
      }
    }
    for (int b = 0; b < 256; b++) {
      if (!isPrintable(b)) {
        order[next++] = b;
      }
    }
    return order;
  }

  private static boolean isPrintable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** Decodes a merges file strictly, as Python's {@code bytes.decode("utf-8")} does. */
  static String decodeMerges(byte[] raw, String source) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new VocabularyFormatException("BPE merges file " + source + " must be UTF-8 text, but was not", e);
    }
  }

  /** Whether the text is stand-in characters, optionally followed by the end-of-word mark. */
  private static boolean isSymbol(String text) {
    String body = text.endsWith(END_OF_WORD) ? text.substring(0, text.length() - END_OF_WORD.length()) : text;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean standIn = c < 0x100 ? isPrintable(c) : c < 0x100 + NON_PRINTABLE_BYTES;
      if (!standIn) {
        return false;
      }
    }
    return true;
  }

  /** Python's {@code str.split()}: the non-empty runs between whitespace. */
  private static String[] splitOnWhitespace(String line) {
    List<String> parts = new ArrayList<>(2);
    int start = -1;
    for (int i = 0; i <= line.length(); i++) {
      boolean space = i == line.length() || PythonUnicode.isSpace(line.charAt(i));
      if (space && start >= 0) {
        parts.add(line.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
    return parts.toArray(new String[0]);
  }

  /** The first {@code count} '\n'-separated lines, or all of them if there are fewer. */
  private static String[] firstLines(String text, int count) {
    List<String> lines = new ArrayList<>(count);
    int start = 0;
    while (lines.size() < count) {
      int end = text.indexOf('\n', start);
      lines.add(text.substring(start, end < 0 ? text.length() : end));
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    return lines.toArray(new String[0]);
  }

  /** An open-addressing map from a pair of symbol ids to the rank of its merge. */
  private static final class PairRanks {
    private final long[] keys;
    private final int[] values;
    private final int mask;

    PairRanks(int expected) {
      int capacity = Integer.highestOneBit(expected * 2 - 1) << 1;
      keys = new long[capacity];
      values = new int[capacity];
      Arrays.fill(keys, -1L);
      mask = capacity - 1;
    }

    void put(int left, int right, int rank) {
      long key = ((long) left << 32) | right;
      int slot = slot(key);
      while (keys[slot] != -1L && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      values[slot] = rank;
    }

    /** The rank, or -1 when the pair never merges. */
    int get(int left, int right) {
      long key = ((long) left << 32) | right;
      for (int slot = slot(key); keys[slot] != -1L; slot = (slot + 1) & mask) {
        if (keys[slot] == key) {
          return values[slot];
        }
      }
      return -1;
    }

    private int slot(long key) {
      return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
  }
}
