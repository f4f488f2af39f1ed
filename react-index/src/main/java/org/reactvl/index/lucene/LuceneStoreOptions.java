package org.reactvl.index.lucene;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.reactvl.index.StoreInfo;
import org.reactvl.index.VectorEncoding;

/**
 * How to create or open a {@link LuceneEmbeddingStore}. Immutable; build with {@link #builder}:
 *
 * <pre>{@code
 * var options = LuceneStoreOptions.builder(Path.of("pool-images"), 512)
 *     .encoding(VectorEncoding.INT8).rescore(true).maxConn(16).beamWidth(100)
 *     .properties(Map.of("model", fingerprint)).build();
 * }</pre>
 *
 * <p>{@code dimension}, {@code encoding} and {@code properties} are fixed when the store is created
 * and checked when it is opened again; the others may change from one opening to the next ({@code
 * maxConn} and {@code beamWidth} affect only segments written from then on).
 *
 * @param path the index folder (created if absent)
 * @param name a label for messages and logs; default the folder's name
 * @param dimension components per vector, in [1, {@value #MAX_DIMENSIONS}]
 * @param encoding how the HNSW graph's vectors are kept; the full-precision floats are always kept too
 * @param rescore whether quantized searches re-rank their candidates with the full-precision vectors
 *     (exact scores, much better recall; costs reading each candidate's floats); ignored for FLOAT32
 * @param maxConn HNSW neighbours per node ("M"), in [1, {@value #MAX_MAX_CONN}]: more gives better
 *     recall for more memory and slower indexing
 * @param beamWidth HNSW candidates considered while inserting ("efConstruction"), in [1, {@value
 *     #MAX_BEAM_WIDTH}]: more gives a better graph and slower indexing
 * @param ramBufferMb indexing buffer; a full buffer is flushed as a segment
 * @param searchThreads threads for {@link LuceneEmbeddingStore#searchBatch}; 1 runs the batch on the
 *     calling thread; default {@link #DEFAULT_SEARCH_THREADS}
 * @param properties free-form store properties, set at creation (e.g. the model fingerprint)
 */
public record LuceneStoreOptions(
    Path path,
    String name,
    int dimension,
    VectorEncoding encoding,
    boolean rescore,
    int maxConn,
    int beamWidth,
    double ramBufferMb,
    int searchThreads,
    Map<String, String> properties) {

  /** Largest vector dimension a store accepts (Lucene's own default limit is 1024). */
  public static final int MAX_DIMENSIONS = 4096;

  public static final int DEFAULT_MAX_CONN = 16;
  public static final int MAX_MAX_CONN = Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN;
  public static final int DEFAULT_BEAM_WIDTH = 100;
  public static final int MAX_BEAM_WIDTH = Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH;
  public static final double DEFAULT_RAM_BUFFER_MB = 128;

  /**
   * Threads of {@code searchBatch} unless told otherwise: up to 4, one per core. Measured on 2 shared
   * cores (100k x 512), a batch over 2 threads ran a median 1.3x (0.9x-3.6x) the queries per second of
   * sequential searches.
   */
  public static final int DEFAULT_SEARCH_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

  public LuceneStoreOptions {
    Objects.requireNonNull(path, "path must not be null");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("store name must be non-blank, but was " + name);
    }
    if (dimension < 1 || dimension > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("dimension of store '" + name + "' must be in [1, " + MAX_DIMENSIONS
          + "], but was " + dimension);
    }
    Objects.requireNonNull(encoding, "encoding must not be null");
    if (maxConn < 1 || maxConn > MAX_MAX_CONN) {
      throw new IllegalArgumentException("maxConn must be in [1, " + MAX_MAX_CONN + "], but was " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
      throw new IllegalArgumentException("beamWidth must be in [1, " + MAX_BEAM_WIDTH + "], but was " + beamWidth);
    }
    if (!(ramBufferMb >= 1 && ramBufferMb <= 2047)) {
      throw new IllegalArgumentException("ramBufferMb must be in [1, 2047], but was " + ramBufferMb);
    }
    if (searchThreads < 1) {
      throw new IllegalArgumentException("searchThreads must be positive, but was " + searchThreads);
    }
    properties = StoreInfo.checkProperties(properties);
  }

  /** A builder for a store in folder {@code path} holding {@code dimension}-d vectors, FLOAT32 by default. */
  public static Builder builder(Path path, int dimension) {
    return new Builder(path, dimension);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(path, dimension)
        .name(name)
        .encoding(encoding)
        .rescore(rescore)
        .maxConn(maxConn)
        .beamWidth(beamWidth)
        .ramBufferMb(ramBufferMb)
        .searchThreads(searchThreads)
        .properties(properties);
  }

  /** Builds {@link LuceneStoreOptions}; not thread-safe. */
  public static final class Builder {
    private final Path path;
    private final int dimension;
    private String name;
    private VectorEncoding encoding = VectorEncoding.FLOAT32;
    private boolean rescore = true;
    private int maxConn = DEFAULT_MAX_CONN;
    private int beamWidth = DEFAULT_BEAM_WIDTH;
    private double ramBufferMb = DEFAULT_RAM_BUFFER_MB;
    private int searchThreads = DEFAULT_SEARCH_THREADS;
    private Map<String, String> properties = Map.of();

    private Builder(Path path, int dimension) {
      this.path = Objects.requireNonNull(path, "path must not be null");
      this.dimension = dimension;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder encoding(VectorEncoding encoding) {
      this.encoding = encoding;
      return this;
    }

    /** Re-rank quantized candidates with the full-precision vectors; default true. */
    public Builder rescore(boolean rescore) {
      this.rescore = rescore;
      return this;
    }

    public Builder maxConn(int maxConn) {
      this.maxConn = maxConn;
      return this;
    }

    public Builder beamWidth(int beamWidth) {
      this.beamWidth = beamWidth;
      return this;
    }

    public Builder ramBufferMb(double ramBufferMb) {
      this.ramBufferMb = ramBufferMb;
      return this;
    }

    public Builder searchThreads(int searchThreads) {
      this.searchThreads = searchThreads;
      return this;
    }

    public Builder properties(Map<String, String> properties) {
      this.properties = properties;
      return this;
    }

    public LuceneStoreOptions build() {
      Path fileName = path.toAbsolutePath().getFileName();
      String label = name != null ? name : fileName != null ? fileName.toString() : path.toString();
      return new LuceneStoreOptions(path, label, dimension, encoding, rescore, maxConn, beamWidth, ramBufferMb,
          searchThreads, properties);
    }
  }
}
