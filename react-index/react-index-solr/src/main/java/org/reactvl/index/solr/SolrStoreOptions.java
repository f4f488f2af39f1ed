package org.reactvl.index.solr;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.reactvl.index.StoreInfo;

/**
 * How to create or open a {@link SolrEmbeddingStore}. Immutable; build with {@link #builder}:
 *
 * <pre>{@code
 * var options = SolrStoreOptions.builder(SolrLocation.parse("solr+zk://zk-1:2181/solr/laion-images"), 512)
 *     .shards(16).replicas(2).properties(Map.of("model", fingerprint)).build();
 * }</pre>
 *
 * <p>{@code dimension} and {@code properties} are fixed when the collection is created and checked when
 * it is opened again. {@code shards}, {@code replicas}, {@code maxConn} and {@code beamWidth} apply only
 * when the store creates the collection; the rest may change from one opening to the next.
 *
 * @param location the cluster and the collection
 * @param name a label for messages and logs; default the collection's name
 * @param dimension components per vector, in [1, {@value #MAX_DIMENSIONS}]
 * @param createIfMissing whether to create the collection (and its configset) when it does not exist;
 *     when false, opening a missing collection fails
 * @param shards shards of a new collection, at least 1; a shard holds about count/shards vectors and its
 *     graph is searched by one thread of one node
 * @param replicas copies of each shard (NRT replicas), at least 1; 2 survives the loss of any one node
 * @param maxConn HNSW neighbours per node ("M"), in [1, 512]
 * @param beamWidth HNSW candidates considered while inserting ("efConstruction"), in [1, 3200]
 * @param batchSize documents per update request; an {@code upsert} of more is sent in several requests
 *     and committed once
 * @param searchThreads requests of one {@code searchBatch} in flight at once, at least 1
 * @param retry how failed requests are repeated
 * @param connectTimeout time to open a connection to a node (or ZooKeeper)
 * @param requestTimeout time one request may take before it counts as failed
 * @param properties free-form store properties, set at creation (e.g. the model fingerprint)
 */
public record SolrStoreOptions(
    SolrLocation location,
    String name,
    int dimension,
    boolean createIfMissing,
    int shards,
    int replicas,
    int maxConn,
    int beamWidth,
    int batchSize,
    int searchThreads,
    RetryPolicy retry,
    Duration connectTimeout,
    Duration requestTimeout,
    Map<String, String> properties) {

  /** Largest dimension; Solr's schema codec allows any, this matches the Lucene store's limit. */
  public static final int MAX_DIMENSIONS = 4096;
  public static final int DEFAULT_SHARDS = 2;
  public static final int DEFAULT_MAX_CONN = 16;
  public static final int DEFAULT_BEAM_WIDTH = 100;
  public static final int DEFAULT_BATCH_SIZE = 500;
  /**
   * Queries are latency-bound (a round trip, fanned out to every shard); requests in flight at once overlap
   * that. Against a 2-node loopback cluster on a loaded 2-core machine, 4 in flight gave 1.1-1.8x the
   * queries per second of one at a time.
   */
  public static final int DEFAULT_SEARCH_THREADS = 4;

  public SolrStoreOptions {
    Objects.requireNonNull(location, "location must not be null");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("store name must be non-blank, but was " + name);
    }
    if (dimension < 1 || dimension > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("dimension of store '" + name + "' must be in [1, " + MAX_DIMENSIONS
          + "], but was " + dimension);
    }
    checkPositive("shards", shards);
    checkPositive("replicas", replicas);
    if (maxConn < 1 || maxConn > 512) {
      throw new IllegalArgumentException("maxConn must be in [1, 512], but was " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > 3200) {
      throw new IllegalArgumentException("beamWidth must be in [1, 3200], but was " + beamWidth);
    }
    checkPositive("batchSize", batchSize);
    checkPositive("searchThreads", searchThreads);
    Objects.requireNonNull(retry, "retry must not be null");
    checkDuration("connectTimeout", connectTimeout);
    checkDuration("requestTimeout", requestTimeout);
    properties = StoreInfo.checkProperties(properties);
  }

  /** A builder for a store of {@code dimension}-d vectors in the collection of {@code location}. */
  public static Builder builder(SolrLocation location, int dimension) {
    return new Builder(location, dimension);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(location, dimension).name(name).createIfMissing(createIfMissing).shards(shards)
        .replicas(replicas).maxConn(maxConn).beamWidth(beamWidth).batchSize(batchSize).searchThreads(searchThreads)
        .retry(retry).connectTimeout(connectTimeout).requestTimeout(requestTimeout).properties(properties);
  }

  private static void checkPositive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be positive, but was " + value);
    }
  }

  private static void checkDuration(String what, Duration value) {
    Objects.requireNonNull(value, () -> what + " must not be null");
    if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " must be positive and under 24 days, but was " + value);
    }
  }

  /** Builds {@link SolrStoreOptions}; not thread-safe. */
  public static final class Builder {
    private final SolrLocation location;
    private final int dimension;
    private String name;
    private boolean createIfMissing = true;
    private int shards = DEFAULT_SHARDS;
    private int replicas = 1;
    private int maxConn = DEFAULT_MAX_CONN;
    private int beamWidth = DEFAULT_BEAM_WIDTH;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int searchThreads = DEFAULT_SEARCH_THREADS;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration requestTimeout = Duration.ofSeconds(120);
    private Map<String, String> properties = Map.of();

    private Builder(SolrLocation location, int dimension) {
      this.location = Objects.requireNonNull(location, "location must not be null");
      this.dimension = dimension;
    }

    /** Label for messages; default the collection name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Create the collection if it does not exist; default true. */
    public Builder createIfMissing(boolean create) {
      this.createIfMissing = create;
      return this;
    }

    /** Shards of a new collection; default {@value #DEFAULT_SHARDS}. */
    public Builder shards(int shards) {
      this.shards = shards;
      return this;
    }

    /** Replicas per shard of a new collection; default 1. */
    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    /** HNSW M of a new collection; default {@value #DEFAULT_MAX_CONN}. */
    public Builder maxConn(int maxConn) {
      this.maxConn = maxConn;
      return this;
    }

    /** HNSW efConstruction of a new collection; default {@value #DEFAULT_BEAM_WIDTH}. */
    public Builder beamWidth(int beamWidth) {
      this.beamWidth = beamWidth;
      return this;
    }

    /** Documents per update request; default {@value #DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Concurrent requests of a search batch; default {@value #DEFAULT_SEARCH_THREADS}. */
    public Builder searchThreads(int searchThreads) {
      this.searchThreads = searchThreads;
      return this;
    }

    /** Retries of failed requests; default {@link RetryPolicy#DEFAULT}. */
    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** Default 15 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Default 120 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Store properties of a new collection; when opening an existing one, the same or none. */
    public Builder properties(Map<String, String> properties) {
      this.properties = properties;
      return this;
    }

    public SolrStoreOptions build() {
      return new SolrStoreOptions(location, name != null ? name : location.collection(), dimension, createIfMissing,
          shards, replicas, maxConn, beamWidth, batchSize, searchThreads, retry, connectTimeout, requestTimeout,
          properties);
    }
  }
}
