package org.reactvl.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A collection of id-keyed unit vectors with metadata, searchable by cosine similarity.
 *
 * <p>Contract, shared by every implementation (and checked by the contract tests):
 *
 * <ul>
 *   <li>Vectors are L2-normalised on the way in; scores are dot products of unit vectors (cosine).
 *   <li>Every entry and query must have the store's {@linkplain StoreInfo#dimension() dimension}.
 *   <li>{@link #upsert} is atomic per call: either the whole batch is stored (and survives a crash
 *       once the call returns, for persistent stores) or none of it is. An id already stored is
 *       replaced; within one batch the last entry with an id wins.
 *   <li>Hits come back in {@link Hit#ORDER} (score descending, id ascending), at most {@code k}.
 *   <li>Implementations are thread-safe: searches may run concurrently with each other and with
 *       writes, and see every batch whose {@code upsert} returned.
 *   <li>{@link #close()} is idempotent; any other call after it throws {@link IllegalStateException}.
 * </ul>
 *
 * <p>Whoever opens a store closes it:
 *
 * <pre>{@code
 * try (EmbeddingStore store = ExactEmbeddingStore.inMemory("pool", 512)) {
 *   store.upsert(List.of(new EmbeddingEntry("a", vectorA), new EmbeddingEntry("b", vectorB)));
 *   List<Hit> hits = store.search(SearchRequest.builder(query).k(5).build());
 * }
 * }</pre>
 */
public interface EmbeddingStore extends AutoCloseable {

  /**
   * Stores a batch, replacing entries with the same ids; all or nothing.
   *
   * @throws IllegalArgumentException if an entry has the wrong dimension (nothing is stored)
   */
  void upsert(List<EmbeddingEntry> entries);

  /**
   * The best {@code k} entries for a query, in {@link Hit#ORDER}; fewer when the store (or the
   * filtered part of it) holds fewer.
   *
   * @throws IllegalArgumentException if the query has the wrong dimension
   */
  List<Hit> search(SearchRequest request);

  /**
   * Runs many queries at once; element {@code i} of the result answers request {@code i}. Stores may
   * make this much faster than one {@link #search} per query (the exact store does one matrix product).
   */
  default List<List<Hit>> searchBatch(List<SearchRequest> requests) {
    List<List<Hit>> results = new ArrayList<>(requests.size());
    for (SearchRequest request : requests) {
      results.add(search(request));
    }
    return results;
  }

  /** Number of stored entries. */
  long count();

  /** The stored entry (unit vector and metadata), if any. */
  Optional<EmbeddingEntry> get(String id);

  /** Whether an entry with this id is stored. */
  default boolean contains(String id) {
    return !existingIds(List.of(id)).isEmpty();
  }

  /** The subset of {@code ids} that are stored; lets indexing skip what it already did. */
  Set<String> existingIds(Collection<String> ids);

  /** Removes the entries with these ids (unknown ids are ignored); atomic like {@link #upsert}. */
  void delete(Collection<String> ids);

  /** Name, dimension, metric, encoding and properties of this store. */
  StoreInfo info();

  /** Releases memory, files and threads; idempotent. Persistent stores have committed everything. */
  @Override
  void close();
}
