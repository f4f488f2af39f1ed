package org.reactvl.index.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.PoolVectors;
import org.reactvl.index.text.CaptionTextIndex;
import org.reactvl.index.text.TextHit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-balanced hybrid retrieval: BM25 over the pool's caption words fused with kNN over its
 * embeddings by reciprocal rank fusion (RRF).
 *
 * <ol>
 *   <li><b>Two rankings per query.</b> Each prompt (class name x template) is embedded and searched
 *       by kNN in the image store (mode T2I) or the caption store (T2T), {@code perQuery} neighbours
 *       at or above {@code minScore}. The class name itself (not the template's words, which would
 *       match captions that merely say "photo") is searched in the {@link CaptionTextIndex}: the
 *       {@code perQuery} best BM25 matches holding every word of the name.
 *   <li><b>Fusion.</b> A pair's score for the query is {@code sum 1 / (rrfK + rank)} over the two
 *       rankings it appears in (rank 1 = best); the {@code perQuery} best fused pairs are the query's
 *       hits (score descending, ties by id). A pair found only by its caption words is looked up in
 *       the searched store for its metadata and vector; one the store lacks (never embedded) is
 *       skipped, as is one the request's filter rejects.
 *   <li><b>Balance.</b> The hits go through the same per-class merge, cross-class ownership and
 *       near-duplicate rules as {@link KnnRetriever}'s, on fused scores.
 * </ol>
 *
 * <p>RRF needs no score calibration between BM25 and cosine: a pair both halves rank first scores
 * {@code 2 / (rrfK + 1)}. The default {@code rrfK} = {@value #DEFAULT_RRF_K} is the constant of Cormack
 * et al. (SIGIR 2009). Thread-safe when its stores, text index and embedder are; owns none of them.
 *
 * <pre>{@code
 * HybridRetriever retriever = HybridRetriever.builder(embedder, text).pool(PoolVectors.images(images)).build();
 * RetrievedSet set = retriever.retrieve(RetrievalRequest.builder(classes).perQuery(50).perClass(200).build());
 * }</pre>
 */
public final class HybridRetriever implements Retriever {
  /** The name under which {@link Retrievers} finds this retriever. */
  public static final String NAME = "hybrid";
  /** The reciprocal-rank-fusion constant unless told otherwise. */
  public static final int DEFAULT_RRF_K = 60;

  private static final Logger LOG = LoggerFactory.getLogger(HybridRetriever.class);

  private final Embedder embedder;
  private final CaptionTextIndex text;
  private final SearchedStores stores;
  private final int rrfK;

  private HybridRetriever(Builder b, SearchedStores stores) {
    this.embedder = b.embedder;
    this.text = b.text;
    this.stores = stores;
    this.rrfK = b.rrfK;
  }

  /** A builder for a retriever whose prompts {@code embedder} embeds and whose class names {@code text} matches. */
  public static Builder builder(Embedder embedder, CaptionTextIndex text) {
    return new Builder(embedder, text);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws IllegalArgumentException if the mode is I2I (hybrid retrieval queries with class names) or
   *     needs a store this retriever lacks
   */
  @Override
  public RetrievedSet retrieve(RetrievalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    if (!request.mode().textQueries()) {
      throw new IllegalArgumentException("hybrid retrieval queries with class names, so its mode must be t2i or t2t, but was "
          + request.mode().label());
    }
    EmbeddingStore store = stores.forMode(request.mode(), "hybrid " + request.mode().label() + " retrieval");
    ClassBalancer balancer = new ClassBalancer(request, id -> SearchedStores.unitVector(store, id));
    List<String> classes = request.classes();
    int skipped = 0;
    for (int c = 0; c < classes.size(); c++) {
      List<String> prompts = request.templates().fill(classes.get(c));
      float[][] vectors = embedder.embedTexts(prompts);
      List<SearchRequest> searches = new ArrayList<>(prompts.size());
      for (float[] vector : vectors) {
        searches.add(request.search(vector));
      }
      List<List<Hit>> knn = store.searchBatch(searches);
      List<TextHit> words = text.search(classes.get(c), request.perQuery());
      Map<String, Optional<Hit>> lookedUp = new HashMap<>();
      for (int t = 0; t < prompts.size(); t++) {
        Fused fused = fuse(knn.get(t), words, store, request, lookedUp);
        skipped += fused.skipped();
        for (Hit hit : fused.hits()) {
          balancer.add(c, new QueryMatch(t, prompts.get(t), hit.score()), ImageTextPair.fromHit(hit));
        }
      }
    }
    RetrievedSet set = RetrievedSet.builder(RetrievedSetInfo.of(NAME, embedder.fingerprint(), request)).addAll(balancer.balance()).build();
    LOG.info("Retrieved {} pairs for {} classes (hybrid BM25 + {} kNN, RRF k={}): {} ids claimed by several classes, {} near-"
            + "duplicates dropped, {} caption matches skipped (not in the store or filtered out)", set.size(), classes.size(),
        request.mode().label(), rrfK, balancer.idConflicts(), balancer.nearDuplicates(), skipped);
    return set;
  }

  private record Fused(List<Hit> hits, int skipped) {}

  /** The fused ranking of one prompt: its kNN hits and the class's caption matches. */
  private Fused fuse(List<Hit> knn, List<TextHit> words, EmbeddingStore store, RetrievalRequest request,
      Map<String, Optional<Hit>> lookedUp) {
    Map<String, Double> score = new LinkedHashMap<>();
    Map<String, Hit> hitOf = new HashMap<>();
    for (int r = 0; r < knn.size(); r++) {
      Hit hit = knn.get(r);
      score.merge(hit.id(), 1.0 / (rrfK + r + 1), Double::sum);
      hitOf.put(hit.id(), hit);
    }
    int skipped = 0;
    for (int r = 0; r < words.size(); r++) {
      String id = words.get(r).id();
      if (!hitOf.containsKey(id)) {
        Optional<Hit> stored = lookedUp.computeIfAbsent(id, key -> store.get(key)
            .filter(e -> request.filter().map(f -> f.test(e.metadata())).orElse(true))
            .map(e -> new Hit(key, 0f, e.metadata())));
        if (stored.isEmpty()) {
          skipped++;
          continue;
        }
        hitOf.put(id, stored.get());
      }
      score.merge(id, 1.0 / (rrfK + r + 1), Double::sum);
    }
    List<Hit> hits = new ArrayList<>(score.size());
    score.forEach((id, s) -> hits.add(new Hit(id, s.floatValue(), hitOf.get(id).metadata())));
    hits.sort(Hit.ORDER);
    return new Fused(hits.subList(0, Math.min(hits.size(), request.perQuery())), skipped);
  }

  /** Configures a {@link HybridRetriever}; not thread-safe. */
  public static final class Builder {
    private final Embedder embedder;
    private final CaptionTextIndex text;
    private PoolVectors pool;
    private int rrfK = DEFAULT_RRF_K;

    private Builder(Embedder embedder, CaptionTextIndex text) {
      this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
      this.text = Objects.requireNonNull(text, "caption text index must not be null");
    }

    /** The pool's stores: {@code PoolVectors.images(images)}, {@code .captions(captions)} or {@code .of(images, captions)}. */
    public Builder pool(PoolVectors pool) {
      this.pool = Objects.requireNonNull(pool, "pool must not be null");
      return this;
    }

    /** The fusion constant: larger flattens the difference between ranks; default {@value HybridRetriever#DEFAULT_RRF_K}. */
    public Builder rrfK(int rrfK) {
      if (rrfK < 1) {
        throw new IllegalArgumentException("rrfK must be at least 1, but was " + rrfK);
      }
      this.rrfK = rrfK;
      return this;
    }

    /**
     * Builds the retriever after checking the stores.
     *
     * @throws IllegalArgumentException if no store was given, or a store records another model (both
     *     fingerprints named), the other key, or another dimension
     */
    public HybridRetriever build() {
      return new HybridRetriever(this, SearchedStores.checked(NAME, embedder, pool));
    }
  }
}
