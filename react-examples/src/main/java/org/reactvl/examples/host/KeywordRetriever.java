package org.reactvl.examples.host;

import com.google.common.base.Suppliers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.retrieval.QueryMatch;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrievedSetInfo;
import org.reactvl.index.retrieval.Retriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user-implemented {@link Retriever}: finds the pool pairs whose captions name a class, by string
 * matching instead of by embedding. It is the text-to-text baseline without a model; on the emoji
 * pool, whose captions are emoji names and keywords, k-NN over caption vectors finds much the same.
 *
 * <ol>
 *   <li><b>Match.</b> Captions and class names are lower-cased and split into words at every
 *       character that is not a letter or digit. A caption matches a class when the class's words
 *       occur in it consecutively; the last word may carry a plural "s" or "es" ("dogs" matches
 *       "dog"). The pair's caption and its alternative captions are all tried.
 *   <li><b>Score.</b> The class's words divided by the caption's words, best over the pair's
 *       captions: "dog" scores 1 against "dog", 0.5 against "dog face" and "hot dog". Shorter,
 *       more specific captions rank first. Pairs below the request's {@code minScore} are dropped.
 *   <li><b>Across classes.</b> A pair (more exactly, an image location: the same picture under two
 *       ids is one picture) matched by several classes goes to the class that scored it highest
 *       (ties: the class listed first, then the smaller id), so "hot dog" pictures go to "hot dog"
 *       when both classes are asked for.
 *   <li><b>Keep per class.</b> Best score first (ties by id), up to {@code perClass} pairs.
 * </ol>
 *
 * <p>Only {@link RetrievalMode#T2T} requests are served. Templates, {@code perQuery} and the
 * near-duplicate threshold do not apply (there are no queries to embed and no vectors to compare):
 * the set records no templates and no near-duplicate threshold. The request's filter is applied to
 * each pair's store metadata ({@link ImageTextPair#toStoreMetadata()}). The set's {@code model} is
 * {@value RetrievedSetInfo#NO_MODEL}.
 *
 * <p>Immutable and thread-safe; a lazily supplied pool is loaded once, by the first retrieval.
 *
 * <pre>{@code
 * Retriever retriever = KeywordRetriever.over(pairs);
 * RetrievedSet set = retriever.retrieve(RetrievalRequest.builder(List.of("dog", "cat"))
 *     .mode(RetrievalMode.T2T).perClass(16).build());
 * }</pre>
 */
public final class KeywordRetriever implements Retriever {
  /** The name under which {@link org.reactvl.index.retrieval.Retrievers} finds this retriever. */
  public static final String NAME = "keyword";

  private static final Logger LOG = LoggerFactory.getLogger(KeywordRetriever.class);
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final Supplier<List<Entry>> pool;

  private KeywordRetriever(Supplier<List<Entry>> pool) {
    this.pool = pool;
  }

  /**
   * A retriever over {@code pairs}.
   *
   * @throws IllegalArgumentException if the pool is empty or an id repeats
   */
  public static KeywordRetriever over(Collection<ImageTextPair> pairs) {
    List<Entry> entries = index(pairs);
    return new KeywordRetriever(() -> entries);
  }

  /**
   * A retriever whose pool {@code pairs} supplies when it is first needed (once; later retrievals
   * reuse it). For pools that are costly to load, such as the rendered emoji corpus.
   */
  public static KeywordRetriever lazy(Supplier<? extends Collection<ImageTextPair>> pairs) {
    Objects.requireNonNull(pairs, "pairs must not be null");
    return new KeywordRetriever(Suppliers.memoize(() -> index(pairs.get())));
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws IllegalArgumentException if the request's mode is not T2T, or a class name has no letter
   *     or digit
   */
  @Override
  public RetrievedSet retrieve(RetrievalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    if (request.mode() != RetrievalMode.T2T) {
      throw new IllegalArgumentException("keyword retrieval matches class names against captions, so the request's mode must be "
          + RetrievalMode.T2T.label() + ", but was " + request.mode().label());
    }
    List<String> classes = request.classes();
    List<Entry> entries = pool.get();
    Map<String, Candidate> byImage = new HashMap<>();
    int conflicts = 0;
    for (int c = 0; c < classes.size(); c++) {
      List<String> words = words(classes.get(c));
      if (words.isEmpty()) {
        throw new IllegalArgumentException("class names must contain a letter or digit to match captions, but one was '" + classes.get(c) + "'");
      }
      for (Entry entry : entries) {
        float score = entry.score(words);
        if (score <= 0 || score < request.minScore() || !passes(request, entry.pair())) {
          continue;
        }
        Candidate candidate = new Candidate(c, entry.pair(), score);
        Candidate previous = byImage.putIfAbsent(entry.pair().image(), candidate);
        if (previous != null) {
          conflicts++;
          if (Candidate.ORDER.compare(candidate, previous) < 0) {
            byImage.put(entry.pair().image(), candidate);
          }
        }
      }
    }
    RetrievedSet set = new RetrievedSet(info(request), keep(request, byImage.values()));
    LOG.info("Keyword retrieval: {} pairs for {} classes from a pool of {} ({} matches of an image already matched)",
        set.size(), classes.size(), entries.size(), conflicts);
    return set;
  }

  private static boolean passes(RetrievalRequest request, ImageTextPair pair) {
    return request.filter().map(f -> f.test(pair.toStoreMetadata())).orElse(true);
  }

  /** Per class, best first, up to the cap; grouped in class order. */
  private static List<RetrievedPair> keep(RetrievalRequest request, Collection<Candidate> owned) {
    List<String> classes = request.classes();
    List<List<Candidate>> perClass = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      perClass.add(new ArrayList<>());
    }
    owned.forEach(candidate -> perClass.get(candidate.classIndex()).add(candidate));
    List<RetrievedPair> out = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<Candidate> ranked = perClass.get(c);
      ranked.sort(Candidate.ORDER);
      String name = classes.get(c);
      for (Candidate candidate : ranked.subList(0, Math.min(ranked.size(), request.perClass()))) {
        out.add(RetrievedPair.of(candidate.pair(), name, List.of(new QueryMatch(0, name, candidate.score()))));
      }
    }
    return out;
  }

  private static RetrievedSetInfo info(RetrievalRequest request) {
    return RetrievedSetInfo.builder(NAME, RetrievalMode.T2T, RetrievedSetInfo.NO_MODEL, request.classes())
        .perQuery(request.perQuery())
        .perClass(request.perClass())
        .minScore(request.minScore())
        .build();
  }

  private static List<Entry> index(Collection<ImageTextPair> pairs) {
    Objects.requireNonNull(pairs, "pairs must not be null");
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("a keyword retriever's pool must hold at least one pair, but was empty");
    }
    Set<String> ids = new HashSet<>();
    List<Entry> entries = new ArrayList<>(pairs.size());
    for (ImageTextPair pair : pairs) {
      Objects.requireNonNull(pair, "pool pairs must not be null");
      if (!ids.add(pair.id())) {
        throw new IllegalArgumentException("pool pair ids must be unique, but '" + pair.id() + "' appears twice");
      }
      List<List<String>> captions = new ArrayList<>();
      captions.add(words(pair.caption()));
      pair.captions().forEach(c -> captions.add(words(c)));
      entries.add(new Entry(pair, captions));
    }
    return List.copyOf(entries);
  }

  /** Lower-case words, split at every run of characters that are neither letters nor digits. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String w : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  /** A pool pair with its captions split into words. */
  private record Entry(ImageTextPair pair, List<List<String>> captions) {
    /** The best share of a caption's words that {@code classWords} cover; 0 if no caption names the class. */
    float score(List<String> classWords) {
      float best = 0;
      for (List<String> caption : captions) {
        if (contains(caption, classWords)) {
          best = Math.max(best, (float) classWords.size() / caption.size());
        }
      }
      return best;
    }

    private static boolean contains(List<String> caption, List<String> classWords) {
      int n = classWords.size();
      for (int start = 0; start + n <= caption.size(); start++) {
        if (matchesAt(caption, start, classWords)) {
          return true;
        }
      }
      return false;
    }

    private static boolean matchesAt(List<String> caption, int start, List<String> classWords) {
      int last = classWords.size() - 1;
      for (int i = 0; i < last; i++) {
        if (!caption.get(start + i).equals(classWords.get(i))) {
          return false;
        }
      }
      String word = caption.get(start + last);
      String expected = classWords.get(last);
      return word.equals(expected) || word.equals(expected + "s") || word.equals(expected + "es");
    }
  }

  /** A pair matched by a class. */
  private record Candidate(int classIndex, ImageTextPair pair, float score) {
    /** Score descending, then class order, then id. */
    static final Comparator<Candidate> ORDER = Comparator.comparing(Candidate::score, Comparator.reverseOrder())
        .thenComparingInt(Candidate::classIndex)
        .thenComparing(c -> c.pair().id());
  }
}
