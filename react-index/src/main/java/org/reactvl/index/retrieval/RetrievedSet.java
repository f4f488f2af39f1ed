package org.reactvl.index.retrieval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.index.pool.ManifestFormatException;

/**
 * The outcome of REACT's retrieval stage: pool pairs grouped by class, each with the queries that found
 * it, plus how the set was made ({@link RetrievedSetInfo}). The input of the customization stage.
 *
 * <p><b>Manifest format</b> (JSON Lines, UTF-8, version {@value #VERSION}); the first line is the
 * header, every further line one pair, grouped by class in class order:
 *
 * <pre>
 * {"format":"react-retrieved-set","version":1,"retriever":"knn","mode":"t2i","model":"FINGERPRINT",
 *  "classes":["dog","cat"],"templates":["a photo of a {}."],"perQuery":50,"perClass":200,
 *  "minScore":0.2,"duplicateThreshold":0.98,"pairs":2,"digest":"SHA-256 HEX"}
 * {"id":"p7","class":"dog","score":0.31,"image":"/pool/p7.png","caption":"my dog","captions":["puppy"],
 *  "metadata":{"set":"twemoji"},"queries":[{"index":0,"text":"a photo of a dog.","score":0.31}]}
 * </pre>
 *
 * <p>({@code perClass}, {@code minScore}, {@code duplicateThreshold} are {@code null} where unlimited;
 * {@code captions} and {@code metadata} are left out when empty.) The <b>digest</b> is the SHA-256 of the
 * header line written without its {@code digest} field, then each pair line, each followed by a line
 * feed: it identifies the content, is the same whenever the same set is written, and is checked on
 * reading, so the training stage can record it as provenance and trust it.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RetrievedSet set = retriever.retrieve(request);
 * set.write(Path.of("retrieved.jsonl"));
 * RetrievedSet again = RetrievedSet.read(Path.of("retrieved.jsonl")); // again.digest().equals(set.digest())
 * set.byClass().get("dog").forEach(p -> System.out.println(p.pair().caption()));
 * }</pre>
 */
public final class RetrievedSet {
  /** The {@code format} value of the header line. */
  public static final String FORMAT = "react-retrieved-set";
  /** The manifest format version this library writes and reads. */
  public static final int VERSION = 1;

  private final RetrievedSetInfo info;
  private final List<RetrievedPair> pairs;
  private final Map<String, List<RetrievedPair>> byClass;
  private final String digest;

  /**
   * A set of {@code pairs}, kept in class order and, within a class, in the order given.
   *
   * @throws IllegalArgumentException if a pair's class is not in {@code info.classes()} or an id repeats
   */
  public RetrievedSet(RetrievedSetInfo info, List<RetrievedPair> pairs) {
    this.info = Objects.requireNonNull(info, "info must not be null");
    Objects.requireNonNull(pairs, "pairs must not be null");
    Map<String, List<RetrievedPair>> groups = new LinkedHashMap<>();
    for (String c : info.classes()) {
      groups.put(c, new ArrayList<>());
    }
    Set<String> ids = new HashSet<>();
    for (RetrievedPair pair : pairs) {
      List<RetrievedPair> group = groups.get(pair.className());
      if (group == null) {
        throw new IllegalArgumentException("class of retrieved pair '" + pair.id() + "' must be one of " + info.classes()
            + ", but was '" + pair.className() + "'");
      }
      if (!ids.add(pair.id())) {
        throw new IllegalArgumentException("retrieved pair ids must be unique, but '" + pair.id() + "' appears twice");
      }
      group.add(pair);
    }
    Map<String, List<RetrievedPair>> frozen = new LinkedHashMap<>();
    List<RetrievedPair> ordered = new ArrayList<>(pairs.size());
    groups.forEach((c, group) -> {
      frozen.put(c, List.copyOf(group));
      ordered.addAll(group);
    });
    this.byClass = java.util.Collections.unmodifiableMap(frozen);
    this.pairs = List.copyOf(ordered);
    this.digest = computeDigest();
  }

  /** A builder for a set made as {@code info} says (for retriever authors). */
  public static Builder builder(RetrievedSetInfo info) {
    return new Builder(info);
  }

  /** How the set was made. */
  public RetrievedSetInfo info() {
    return info;
  }

  /** The class list, in order (classes with no pairs included). */
  public List<String> classes() {
    return info.classes();
  }

  /** Every pair, grouped by class in class order. */
  public List<RetrievedPair> pairs() {
    return pairs;
  }

  /** Pairs per class, in class order; a class nothing was found for maps to an empty list. */
  public Map<String, List<RetrievedPair>> byClass() {
    return byClass;
  }

  /** Number of pairs. */
  public int size() {
    return pairs.size();
  }

  /** SHA-256 of the manifest content (lower-case hex, 64 characters); see the class documentation. */
  public String digest() {
    return digest;
  }

  /** Writes the manifest, atomically (a temporary file renamed over {@code file}). */
  public void write(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    try {
      AtomicFiles.writeText(file, out -> {
        out.write(RetrievedSetJson.headerLine(info, pairs.size(), digest));
        out.write('\n');
        for (RetrievedPair pair : pairs) {
          out.write(RetrievedSetJson.pairLine(pair));
          out.write('\n');
        }
      });
    } catch (IOException e) {
      throw new ManifestFormatException("cannot write retrieved set " + file + ": " + OutputFolders.describe(e), e);
    }
  }

  /**
   * Reads a manifest {@link #write} wrote.
   *
   * @throws ManifestFormatException naming {@code file:line} for a bad line, or the file when its
   *     digest or pair count does not match its content (edited or truncated)
   */
  public static RetrievedSet read(Path file) {
    return RetrievedSetJson.read(file);
  }

  private String computeDigest() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    sha.update((RetrievedSetJson.headerLine(info, pairs.size(), null) + "\n").getBytes(StandardCharsets.UTF_8));
    for (RetrievedPair pair : pairs) {
      sha.update((RetrievedSetJson.pairLine(pair) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Collects the pairs of a {@link RetrievedSet}: in any order (the set groups them by class, keeping
   * the order within a class). Not thread-safe.
   *
   * <pre>{@code
   * RetrievedSet set = RetrievedSet.builder(RetrievedSetInfo.of(name(), model, request))
   *     .add(RetrievedPair.of(pair, "dog", List.of(new QueryMatch(0, "a photo of a dog.", 0.31f))))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final RetrievedSetInfo info;
    private final List<RetrievedPair> pairs = new ArrayList<>();

    private Builder(RetrievedSetInfo info) {
      this.info = Objects.requireNonNull(info, "info must not be null");
    }

    /** Adds one pair. */
    public Builder add(RetrievedPair pair) {
      pairs.add(Objects.requireNonNull(pair, "pair must not be null"));
      return this;
    }

    /** Adds pairs, in order. */
    public Builder addAll(List<RetrievedPair> more) {
      more.forEach(this::add);
      return this;
    }

    /**
     * The set.
     *
     * @throws IllegalArgumentException if a pair's class is not one of the info's classes or an id repeats
     */
    public RetrievedSet build() {
      return new RetrievedSet(info, pairs);
    }
  }

  @Override
  public String toString() {
    return "RetrievedSet[" + pairs.size() + " pairs, " + info.classes().size() + " classes, mode=" + info.mode().label()
        + ", digest=" + digest + "]";
  }
}
