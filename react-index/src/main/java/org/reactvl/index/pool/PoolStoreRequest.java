package org.reactvl.index.pool;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.reactvl.index.VectorEncoding;

/**
 * What a {@link PoolStoreProvider} is asked to open: the store of one {@link PoolKey} at a location
 * (the provider derives the store of each key from it), for vectors of one model, with the provider's
 * own settings by name (for example {@code shards} for SolrCloud). Immutable and thread-safe.
 *
 * <pre>{@code
 * PoolStoreRequest request = PoolStoreRequest.builder("solr://search-1:8983/laion", PoolKey.IMAGE,
 *     embedder.fingerprint(), embedder.dimension()).createIfMissing(true).setting("shards", "16").build();
 * try (EmbeddingStore images = PoolStoreProviders.open(request)) { ... }
 * }</pre>
 *
 * @param location the location URI, {@code SCHEME://...}
 * @param key which vectors of a pair the store holds
 * @param fingerprint the fingerprint of the model that makes the vectors
 * @param dimension the model's embedding size
 * @param encoding how vectors are stored (a provider may support only some)
 * @param createIfMissing whether a missing store is created (when indexing) or an error (when retrieving)
 * @param settings provider-specific settings by name; a provider refuses names it does not know
 */
public record PoolStoreRequest(String location, PoolKey key, String fingerprint, int dimension,
    VectorEncoding encoding, boolean createIfMissing, Map<String, String> settings) {

  public PoolStoreRequest {
    Objects.requireNonNull(location, "location must not be null");
    Objects.requireNonNull(key, "key must not be null");
    PoolStores.properties(fingerprint, key); // checks the fingerprint
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, but was " + dimension);
    }
    Objects.requireNonNull(encoding, "encoding must not be null");
    settings = Map.copyOf(settings);
  }

  /** A request for the store of {@code key} at {@code location}: FLOAT32, not created if missing, no settings. */
  public static Builder builder(String location, PoolKey key, String fingerprint, int dimension) {
    return new Builder(location, key, fingerprint, dimension);
  }

  /** The location's scheme, lower case: what comes before {@code ://}. */
  public String scheme() {
    int end = location.indexOf("://");
    if (end <= 0) {
      throw new IllegalArgumentException("store location must be a URI SCHEME://..., but was '" + location + "'");
    }
    return location.substring(0, end).toLowerCase(java.util.Locale.ROOT);
  }

  /** Builds a {@link PoolStoreRequest}; not thread-safe. */
  public static final class Builder {
    private final String location;
    private final PoolKey key;
    private final String fingerprint;
    private final int dimension;
    private VectorEncoding encoding = VectorEncoding.FLOAT32;
    private boolean createIfMissing;
    private final Map<String, String> settings = new TreeMap<>();

    private Builder(String location, PoolKey key, String fingerprint, int dimension) {
      this.location = location;
      this.key = key;
      this.fingerprint = fingerprint;
      this.dimension = dimension;
    }

    /** How vectors are stored; default FLOAT32. */
    public Builder encoding(VectorEncoding encoding) {
      this.encoding = encoding;
      return this;
    }

    /** Whether a missing store is created; default false. */
    public Builder createIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
      return this;
    }

    /** Sets a provider-specific setting. */
    public Builder setting(String name, String value) {
      settings.put(Objects.requireNonNull(name, "setting name must not be null"),
          Objects.requireNonNull(value, "value of setting '" + name + "' must not be null"));
      return this;
    }

    public PoolStoreRequest build() {
      return new PoolStoreRequest(location, key, fingerprint, dimension, encoding, createIfMissing, settings);
    }
  }
}
