package org.reactvl.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.reactvl.core.VocabularyFormatException;

/**
 * OpenAI CLIP's tokenizer, id for id: {@code SimpleTokenizer.encode} and {@code
 * clip.tokenize(text, context_length=77, truncate=True)} from openai/CLIP.
 *
 * <p>Text is cleaned by {@link ClipTextCleaner} (ftfy, HTML unescaping, whitespace collapsing,
 * lower case), split into words by OpenAI's pattern, and each word is byte-pair encoded over its
 * UTF-8 bytes with the 48,894 merges of {@code bpe_simple_vocab_16e6.txt.gz} (MIT, shipped in this
 * jar; 49,408 ids with the byte and special tokens). A literal "&lt;|endoftext|&gt;" or "&lt;|startoftext|&gt;" in the text
 * becomes the special id. {@link #tokenize(String)} wraps the ids in {@link #SOT} and {@link #EOT},
 * cuts them to {@link #CONTEXT_LENGTH} keeping {@link #EOT} last, and pads with zeros; text towers
 * pool at the first {@link #EOT}, its position being the argmax of the ids.
 *
 * <p>Immutable after construction and thread-safe; the ids of words already encoded are kept in a
 * concurrent cache of at most 100,000 words. {@link #load()} returns one shared instance.
 *
 * <pre>{@code
 * ClipTokenizer tokenizer = ClipTokenizer.load();
 * int[] ids = tokenizer.tokenize("a photo of a cat."); // 49406, 320, 1125, 539, 320, 2368, 269, 49407, 0, ...
 * String text = tokenizer.decode(tokenizer.encode("a photo of a cat.")); // "a photo of a cat . "
 * }</pre>
 */
public final class ClipTokenizer {
  /** Id of "&lt;|startoftext|&gt;", the first token of every tokenized text. */
  public static final int SOT = 49406;
  /** Id of "&lt;|endoftext|&gt;", the last token before padding. */
  public static final int EOT = 49407;
  /** The context length of every released CLIP text tower. */
  public static final int CONTEXT_LENGTH = 77;

  private static final String RESOURCE = "bpe_simple_vocab_16e6.txt.gz";
  private static final int CACHE_LIMIT = 100_000;

  /** The bundled tokenizer, shared; read on the first {@link #load()} (a failed read is retried by the next call). */
  private static volatile ClipTokenizer bundled;

  private final BytePairEncoding bpe;
  private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

  private ClipTokenizer(BytePairEncoding bpe) {
    this.bpe = bpe;
  }

  /**
   * The tokenizer with OpenAI's vocabulary: one instance shared by every caller, read from this jar
   * on the first call (parsing the merges takes a fraction of a second; later calls cost nothing).
   *
   * @throws VocabularyFormatException if the bundled vocabulary is missing or unreadable
   */
  public static ClipTokenizer load() {
    ClipTokenizer t = bundled;
    if (t == null) {
      synchronized (ClipTokenizer.class) {
        if (bundled == null) {
          bundled = readBundled();
        }
        t = bundled;
      }
    }
    return t;
  }

  private static ClipTokenizer readBundled() {
    try (InputStream in = ClipTokenizer.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new VocabularyFormatException(
            "bundled BPE merges " + RESOURCE + " must be on the classpath next to " + ClipTokenizer.class.getName()
                + ", but was missing");
      }
      return fromGzip(in, "classpath:" + RESOURCE);
    } catch (IOException e) {
      throw new VocabularyFormatException("could not read bundled BPE merges " + RESOURCE, e);
    }
  }

  /**
   * A tokenizer with the merges of a gzip file in OpenAI's format (a header line, then at least
   * 48,894 lines "left right").
   *
   * @param mergesGz path of a {@code bpe_simple_vocab_16e6.txt.gz}-style file
   * @throws VocabularyFormatException if the file cannot be read or is not such a file
   */
  public static ClipTokenizer load(Path mergesGz) {
    Objects.requireNonNull(mergesGz, "mergesGz");
    try (InputStream in = Files.newInputStream(mergesGz)) {
      return fromGzip(in, mergesGz.toString());
    } catch (IOException e) {
      throw new VocabularyFormatException("could not read BPE merges file " + mergesGz + ": " + e.getMessage(), e);
    }
  }

  private static ClipTokenizer fromGzip(InputStream in, String source) throws IOException {
    byte[] raw;
    try (GZIPInputStream gzip = new GZIPInputStream(in)) {
      raw = gzip.readAllBytes();
    }
    return new ClipTokenizer(BytePairEncoding.fromMerges(BytePairEncoding.decodeMerges(raw, source), source));
  }

  /**
   * BPE ids of the text, without {@link #SOT}, {@link #EOT} or padding ({@code
   * SimpleTokenizer.encode}).
   *
   * @param text any text, possibly empty
   * @return the ids, possibly none
   */
  public int[] encode(String text) {
    Objects.requireNonNull(text, "text");
    String cleaned = ClipTextCleaner.clean(text);
    int[] ids = new int[Math.max(16, cleaned.length())];
    int count = 0;
    for (String word : ClipPreTokenizer.split(cleaned)) {
      int[] wordIds = encodeWord(word);
      if (count + wordIds.length > ids.length) {
        ids = Arrays.copyOf(ids, Math.max(ids.length * 2, count + wordIds.length));
      }
      System.arraycopy(wordIds, 0, ids, count, wordIds.length);
      count += wordIds.length;
    }
    return Arrays.copyOf(ids, count);
  }

  /**
   * {@code clip.tokenize(text, context_length=77, truncate=True)}: {@link #SOT}, the ids, {@link
   * #EOT}, zero padding; longer texts are cut and end with {@link #EOT}.
   *
   * @param text any text, possibly empty
   * @return exactly {@link #CONTEXT_LENGTH} ids
   */
  public int[] tokenize(String text) {
    return tokenize(text, CONTEXT_LENGTH);
  }

  /**
   * As {@link #tokenize(String)}, with another context length.
   *
   * @param text any text, possibly empty
   * @param contextLength the number of ids to return, at least 1
   * @return exactly {@code contextLength} ids
   */
  public int[] tokenize(String text, int contextLength) {
    if (contextLength < 1) {
      throw new IllegalArgumentException("contextLength must be >= 1, but was " + contextLength);
    }
    int[] ids = encode(text);
    int[] row = new int[contextLength];
    int length = Math.min(ids.length + 2, contextLength);
    row[0] = SOT;
    System.arraycopy(ids, 0, row, 1, Math.min(ids.length, contextLength - 1));
    row[length - 1] = EOT;
    return row;
  }

  /**
   * {@link #tokenize(String)} for each text, as the rows of a batch.
   *
   * @param texts the texts, none null
   * @return one row of {@link #CONTEXT_LENGTH} ids per text
   */
  public int[][] tokenize(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    int[][] rows = new int[texts.size()][];
    for (int i = 0; i < rows.length; i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new NullPointerException("texts[" + i + "] must not be null");
      }
      rows[i] = tokenize(text);
    }
    return rows;
  }

  /**
   * OpenAI's {@code decode}: the text of the ids, with "&lt;/w&gt;" (end of word) as a space and
   * invalid UTF-8 as U+FFFD. Special ids decode to their names, padding zeros to "!".
   *
   * @param ids token ids in {@code [0, vocabSize())}
   * @return the text
   */
  public String decode(int[] ids) {
    Objects.requireNonNull(ids, "ids");
    return bpe.decode(ids);
  }

  /** The number of token ids, 49,408 (special tokens included). */
  public int vocabSize() {
    return bpe.size();
  }

  private int[] encodeWord(String word) {
    if (word.equals("<|startoftext|>")) {
      return new int[] {SOT};
    }
    if (word.equals("<|endoftext|>")) {
      return new int[] {EOT};
    }
    int[] ids = cache.get(word);
    if (ids == null) {
      ids = bpe.encodeWord(word.getBytes(StandardCharsets.UTF_8));
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(word, ids);
    }
    return ids;
  }
}
