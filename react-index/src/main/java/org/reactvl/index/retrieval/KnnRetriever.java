package org.reactvl.index.retrieval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.PoolVectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REACT's class-balanced k-nearest-neighbour retrieval over pool stores.
 *
 * <ol>
 *   <li><b>Queries.</b> T2I and T2T: every class name filled into every template ("a photo of a
 *       {}."), embedded with the embedder's text tower. I2I: the class's example images (embedded with
 *       the image tower) and example embeddings.
 *   <li><b>Search.</b> Each query asks its store (image vectors for T2I/I2I, caption vectors for T2T)
 *       for {@code perQuery} neighbours at or above {@code minScore}, through {@link
 *       EmbeddingStore#searchBatch} in batches of {@value #SEARCH_BATCH} queries.
 *   <li><b>Merge per class.</b> A class's hits are merged by id: a pair found by several of its
 *       queries appears once, scored by its best query, with every query that found it as provenance.
 *   <li><b>Across classes.</b> A pair found by several classes belongs to the class that scored it
 *       highest (ties: the class listed first) and is dropped from the others, even when its own class
 *       is full: a pair is never handed to a class it matches less well.
 *   <li><b>Keep per class.</b> Best score first (ties by id), a pair is kept unless its vector has
 *       cosine similarity {@code >= duplicateThreshold} with a pair the class already kept (a
 *       near-duplicate: the same picture re-uploaded, resized or re-encoded), until {@code perClass}
 *       pairs are kept.
 * </ol>
 *
 * <p>The model fingerprint recorded in each store must be the embedder's, or the retriever is not
 * built (both fingerprints are named). Thread-safe when its stores and embedder are; owns neither.
 *
 * <pre>{@code
 * KnnRetriever retriever = KnnRetriever.builder(ClipEmbedder.of(clip, tokenizer)).pool(PoolVectors.images(images)).build();
 * RetrievedSet set = retriever.retrieve(RetrievalRequest.builder(classes).perQuery(50).perClass(200).build());
 * }</pre>
 */
public final class KnnRetriever implements Retriever {
  /** The name under which {@link Retrievers} finds this retriever. */
  public static final String NAME = "knn";
  /** Queries per {@link EmbeddingStore#searchBatch} call (and per embedding call). */
  public static final int SEARCH_BATCH = 512;

  private static final Logger LOG = LoggerFactory.getLogger(KnnRetriever.class);

  private final Embedder embedder;
  private final SearchedStores stores;

  private KnnRetriever(Builder b, SearchedStores stores) {
    this.embedder = b.embedder;
    this.stores = stores;
  }

  /** A builder for a retriever whose queries {@code embedder} embeds. */
  public static Builder builder(Embedder embedder) {
    return new Builder(embedder);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws IllegalArgumentException if the request's mode needs a store this retriever lacks, or an
   *     example embedding has the wrong dimension
   */
  @Override
  public RetrievedSet retrieve(RetrievalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    EmbeddingStore store = stores.forMode(request.mode(), request.mode().label() + " retrieval");
    List<Query> queries = queries(request);
    ClassBalancer balancer = new ClassBalancer(request, id -> SearchedStores.unitVector(store, id));
    for (int from = 0; from < queries.size(); from += SEARCH_BATCH) {
      List<Query> chunk = queries.subList(from, Math.min(queries.size(), from + SEARCH_BATCH));
      float[][] vectors = vectors(chunk);
      List<SearchRequest> searches = new ArrayList<>(chunk.size());
      for (float[] vector : vectors) {
        searches.add(request.search(vector));
      }
      List<List<Hit>> hits = store.searchBatch(searches);
      for (int i = 0; i < chunk.size(); i++) {
        Query q = chunk.get(i);
        for (Hit hit : hits.get(i)) {
          balancer.add(q.classIndex(), new QueryMatch(q.index(), q.text(), hit.score()), ImageTextPair.fromHit(hit));
        }
      }
    }
    RetrievedSet set = RetrievedSet.builder(RetrievedSetInfo.of(NAME, embedder.fingerprint(), request)).addAll(balancer.balance()).build();
    LOG.info("Retrieved {} pairs for {} classes ({}, {} queries): {} ids claimed by several classes, {} near-duplicates"
            + " dropped", set.size(), request.classes().size(), request.mode().label(), queries.size(),
        balancer.idConflicts(), balancer.nearDuplicates());
    return set;
  }

  /** A query: a prompt or an example image (embedded lazily, per search batch) or a given vector. */
  private record Query(int classIndex, int index, String text, Path image, float[] vector) {}

  private List<Query> queries(RetrievalRequest request) {
    List<Query> queries = new ArrayList<>();
    List<String> classes = request.classes();
    for (int c = 0; c < classes.size(); c++) {
      String name = classes.get(c);
      if (request.mode().textQueries()) {
        List<String> prompts = request.templates().fill(name);
        for (int t = 0; t < prompts.size(); t++) {
          queries.add(new Query(c, t, prompts.get(t), null, null));
        }
      } else {
        int index = 0;
        for (Path image : request.classImages().getOrDefault(name, List.of())) {
          queries.add(new Query(c, index++, image.toString(), image, null));
        }
        int e = 0;
        for (float[] vector : request.classEmbeddings().getOrDefault(name, List.of())) {
          if (vector.length != embedder.dimension()) {
            throw new IllegalArgumentException("example embedding " + e + " of class '" + name + "' must have "
                + embedder.dimension() + " components, but had " + vector.length);
          }
          queries.add(new Query(c, index++, "embedding #" + e++, null, vector));
        }
      }
    }
    return queries;
  }

  /** The query vectors of a chunk, embedding prompts and images in one call each. */
  private float[][] vectors(List<Query> chunk) {
    float[][] out = new float[chunk.size()][];
    List<Integer> textRows = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Integer> imageRows = new ArrayList<>();
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      Query q = chunk.get(i);
      if (q.vector() != null) {
        out[i] = q.vector();
      } else if (q.image() != null) {
        imageRows.add(i);
        images.add(q.image());
      } else {
        textRows.add(i);
        texts.add(q.text());
      }
    }
    scatter(out, textRows, texts.isEmpty() ? new float[0][] : embedder.embedTexts(texts));
    scatter(out, imageRows, images.isEmpty() ? new float[0][] : embedder.embedImageFiles(images));
    return out;
  }

  private static void scatter(float[][] out, List<Integer> rows, float[][] vectors) {
    for (int i = 0; i < rows.size(); i++) {
      out[rows.get(i)] = vectors[i];
    }
  }

  /** Configures a {@link KnnRetriever}; not thread-safe. */
  public static final class Builder {
    private final Embedder embedder;
    private PoolVectors pool;

    private Builder(Embedder embedder) {
      this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
    }

    /** The pool's stores: {@code PoolVectors.images(images)}, {@code .captions(captions)} or {@code .of(images, captions)}. */
    public Builder pool(PoolVectors pool) {
      this.pool = Objects.requireNonNull(pool, "pool must not be null");
      return this;
    }

    /**
     * Builds the retriever after checking the stores.
     *
     * @throws IllegalArgumentException if no store was given, or a store records another model (both
     *     fingerprints named), the other key, or another dimension
     */
    public KnnRetriever build() {
      return new KnnRetriever(this, SearchedStores.checked(NAME, embedder, pool));
    }
  }
}
