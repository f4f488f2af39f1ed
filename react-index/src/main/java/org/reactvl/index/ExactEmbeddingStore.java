package org.reactvl.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brute-force store: every search scores every stored vector, so results are exact. The oracle for
 * approximate stores and the baseline of benchmarks, and the right store for pools up to a few hundred
 * thousand vectors.
 *
 * <p>Vectors live on the Java heap (4 bytes per component plus an array header; size {@code -Xmx}
 * accordingly). {@link #searchBatch} with 4 or more queries scores
 * all of them against all vectors with one GEMM per block of rows (ND4J, OpenBLAS): compute-bound and
 * far faster per query than {@link #search}, which scans every vector with SIMD dot products and is
 * bound by memory bandwidth. Issue queries in batches when you can.
 *
 * <p>In memory by default; with {@link Builder#path(Path)} every {@code upsert}/{@code delete} is also
 * appended to a journal file and forced to disk before the call returns (the format is specified in
 * {@code ExactStoreJournal}), and opening the path again replays it. The journal is compacted on
 * close when most of it is superseded.
 *
 * <p>Thread-safe: searches share a read lock, writes take the write lock.
 *
 * <pre>{@code
 * try (var store = ExactEmbeddingStore.inMemory("captions", 512)) {
 *   store.upsert(entries);
 *   List<List<Hit>> hits = store.searchBatch(requests); // one matrix product
 * }
 * }</pre>
 */
public final class ExactEmbeddingStore implements EmbeddingStore {
  private static final Logger LOG = LoggerFactory.getLogger(ExactEmbeddingStore.class);

  private final StoreInfo info;
  private final VectorMatrix matrix;
  private final Map<String, Integer> rowOfId = new HashMap<>();
  private final List<String> idOfRow = new ArrayList<>();
  private final List<Map<String, String>> metadataOfRow = new ArrayList<>();
  private final ExactStoreJournal journal;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private ExactEmbeddingStore(StoreInfo info, Path path) {
    this.info = info;
    this.matrix = new VectorMatrix(info.dimension());
    if (path == null) {
      this.journal = null;
    } else if (Files.exists(path)) {
      this.journal = ExactStoreJournal.open(path, new ExactStoreJournal.Replay() {
        @Override
        public void upsert(List<EmbeddingEntry> unitEntries) {
          apply(unitEntries);
        }

        @Override
        public void delete(List<String> ids) {
          remove(ids);
        }
      });
    } else {
      this.journal = ExactStoreJournal.create(path,
          new ExactStoreJournal.Header(info.dimension(), info.properties()), List.of());
    }
  }

  /** A new, empty in-memory store. */
  public static ExactEmbeddingStore inMemory(String name, int dimension) {
    return builder(name, dimension).open();
  }

  /** A builder for a store named {@code name} (used in messages) holding {@code dimension}-d vectors. */
  public static Builder builder(String name, int dimension) {
    return new Builder(name, dimension);
  }

  @Override
  public void upsert(List<EmbeddingEntry> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    withLock(lock.writeLock(), () -> {
      info.checkEntries(entries);
      List<EmbeddingEntry> unit = new ArrayList<>(entries.size());
      for (EmbeddingEntry entry : entries) {
        unit.add(new EmbeddingEntry(entry.id(), entry.unitVector(), entry.metadata()));
      }
      if (journal != null && !unit.isEmpty()) {
        journal.appendUpsert(unit);
      }
      apply(unit);
      return null;
    });
  }

  @Override
  public List<Hit> search(SearchRequest request) {
    return searchBatch(List.of(request)).get(0);
  }

  /** Scores all requests against all vectors in one matrix product per block; exact. */
  @Override
  public List<List<Hit>> searchBatch(List<SearchRequest> requests) {
    Objects.requireNonNull(requests, "requests must not be null");
    return withLock(lock.readLock(), () -> {
      requests.forEach(info::checkQuery);
      int rows = matrix.rows();
      if (requests.isEmpty() || rows == 0) {
        return requests.stream().map(r -> List.<Hit>of()).toList();
      }
      float[][] queries = new float[requests.size()][];
      TopK[] best = new TopK[requests.size()];
      boolean[][] allowed = new boolean[requests.size()][];
      Map<MetadataFilter, boolean[]> masks = new HashMap<>();
      for (int i = 0; i < queries.length; i++) {
        SearchRequest request = requests.get(i);
        queries[i] = request.unitQuery();
        best[i] = new TopK(Math.min(request.k(), rows), idOfRow::get);
        allowed[i] = request.filter().map(f -> masks.computeIfAbsent(f, this::mask)).orElse(null);
      }
      matrix.scoreAll(queries, (firstQuery, queryCount, firstRow, length, scores) -> {
        for (int q = 0; q < queryCount; q++) {
          SearchRequest request = requests.get(firstQuery + q);
          boolean[] mask = allowed[firstQuery + q];
          TopK top = best[firstQuery + q];
          int base = q * length;
          for (int r = 0; r < length; r++) {
            float score = scores[base + r];
            if ((mask == null || mask[firstRow + r]) && request.accepts(score)) {
              top.offer(score, firstRow + r);
            }
          }
        }
      });
      List<List<Hit>> results = new ArrayList<>(requests.size());
      for (TopK top : best) {
        results.add(top.drain((row, score) -> new Hit(idOfRow.get(row), score, metadataOfRow.get(row))));
      }
      return results;
    });
  }

  @Override
  public long count() {
    return withLock(lock.readLock(), () -> (long) matrix.rows());
  }

  @Override
  public Optional<EmbeddingEntry> get(String id) {
    Objects.requireNonNull(id, "id must not be null");
    return withLock(lock.readLock(), () -> {
      Integer row = rowOfId.get(id);
      return row == null
          ? Optional.empty()
          : Optional.of(new EmbeddingEntry(id, matrix.get(row), metadataOfRow.get(row)));
    });
  }

  @Override
  public Set<String> existingIds(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    return withLock(lock.readLock(), () -> {
      Set<String> present = new LinkedHashSet<>();
      for (String id : ids) {
        if (rowOfId.containsKey(id)) {
          present.add(id);
        }
      }
      return Set.copyOf(present);
    });
  }

  @Override
  public void delete(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    withLock(lock.writeLock(), () -> {
      List<String> present = ids.stream().distinct().filter(rowOfId::containsKey).toList();
      if (journal != null && !present.isEmpty()) {
        journal.appendDelete(present);
      }
      remove(present);
      return null;
    });
  }

  @Override
  public StoreInfo info() {
    return withLock(lock.readLock(), () -> info);
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (journal != null) {
        long size = journal.size();
        journal.close();
        compactIfMostlySuperseded(size);
      }
      matrix.clear();
      rowOfId.clear();
      idOfRow.clear();
      metadataOfRow.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "ExactEmbeddingStore[" + info.name() + ", dimension=" + info.dimension() + "]";
  }

  private void apply(List<EmbeddingEntry> unitEntries) {
    for (EmbeddingEntry entry : unitEntries) {
      Integer row = rowOfId.get(entry.id());
      if (row != null) {
        matrix.set(row, entry.vector());
        metadataOfRow.set(row, entry.metadata());
      } else {
        rowOfId.put(entry.id(), matrix.append(entry.vector()));
        idOfRow.add(entry.id());
        metadataOfRow.add(entry.metadata());
      }
    }
  }

  private void remove(List<String> ids) {
    for (String id : ids) {
      Integer row = rowOfId.remove(id);
      if (row == null) {
        continue;
      }
      int moved = matrix.removeBySwap(row);
      String movedId = idOfRow.remove(moved);
      Map<String, String> movedMetadata = metadataOfRow.remove(moved);
      if (moved != row) {
        idOfRow.set(row, movedId);
        metadataOfRow.set(row, movedMetadata);
        rowOfId.put(movedId, row);
      }
    }
  }

  private boolean[] mask(MetadataFilter filter) {
    boolean[] mask = new boolean[metadataOfRow.size()];
    for (int row = 0; row < mask.length; row++) {
      mask[row] = filter.test(metadataOfRow.get(row));
    }
    return mask;
  }

  /** Rewrites the journal as a snapshot when it is more than twice the size of the live vectors. */
  private void compactIfMostlySuperseded(long size) {
    long live = (long) matrix.rows() * info.dimension() * Float.BYTES;
    if (size <= 2 * live + (1 << 20)) {
      return;
    }
    List<EmbeddingEntry> entries = new ArrayList<>(matrix.rows());
    for (int row = 0; row < matrix.rows(); row++) {
      entries.add(new EmbeddingEntry(idOfRow.get(row), matrix.get(row), metadataOfRow.get(row)));
    }
    ExactStoreJournal.create(journal.path(), new ExactStoreJournal.Header(info.dimension(), info.properties()),
        entries).close();
    LOG.info("Compacted embedding store file {} from {} to about {} bytes", journal.path(), size, live);
  }

  private <T> T withLock(Lock held, Supplier<T> action) {
    held.lock();
    try {
      if (closed) {
        throw new IllegalStateException("exact embedding store '" + info.name() + "' is closed");
      }
      return action.get();
    } finally {
      held.unlock();
    }
  }

  /** Configures and opens an {@link ExactEmbeddingStore}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final int dimension;
    private Map<String, String> properties = Map.of();
    private Path path;

    private Builder(String name, int dimension) {
      this.name = name;
      this.dimension = dimension;
    }

    /** Properties of a new store (e.g. the model fingerprint); an existing one must hold the same or none be given. */
    public Builder properties(Map<String, String> properties) {
      this.properties = StoreInfo.checkProperties(properties);
      return this;
    }

    /** Makes the store persistent in this file: created if absent, replayed if present. */
    public Builder path(Path path) {
      this.path = Objects.requireNonNull(path, "path must not be null");
      return this;
    }

    /**
     * Opens the store.
     *
     * @throws IllegalArgumentException if the file holds another dimension or other properties
     * @throws StoreFormatException if the file is not a journal or is corrupt
     */
    public ExactEmbeddingStore open() {
      Map<String, String> stored = properties;
      if (path != null && Files.exists(path)) {
        ExactStoreJournal.Header header = ExactStoreJournal.readHeader(path);
        if (header.dimension() != dimension) {
          throw new IllegalArgumentException("dimension must be " + header.dimension() + " (as store '" + name
              + "' in " + path + " was created), but was " + dimension);
        }
        if (!properties.isEmpty() && !properties.equals(header.properties())) {
          throw new IllegalArgumentException("properties must be " + header.properties() + " (as store '" + name
              + "' in " + path + " was created) or none, but were " + properties);
        }
        stored = header.properties();
      }
      StoreInfo info = new StoreInfo(name, dimension, SimilarityMetric.DOT_PRODUCT, VectorEncoding.FLOAT32, stored);
      return new ExactEmbeddingStore(info, path);
    }
  }
}
