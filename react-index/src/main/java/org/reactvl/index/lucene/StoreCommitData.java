package org.reactvl.index.lucene;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.reactvl.index.SimilarityMetric;
import org.reactvl.index.StoreFormatException;
import org.reactvl.index.VectorEncoding;

/**
 * What a store persists about itself, in the user data of every Lucene commit, so it is written
 * atomically with the vectors it describes:
 *
 * <pre>
 * react.store.format = 1
 * react.dimension    = 512
 * react.metric       = DOT_PRODUCT
 * react.encoding     = FLOAT32 | INT8 | INT4 | BINARY
 * react.property.KEY = VALUE          (one per store property)
 * </pre>
 */
record StoreCommitData(int dimension, SimilarityMetric metric, VectorEncoding encoding, Map<String, String> properties) {
  static final String FORMAT_VERSION = "1";
  private static final String FORMAT = "react.store.format";
  private static final String DIMENSION = "react.dimension";
  private static final String METRIC = "react.metric";
  private static final String ENCODING = "react.encoding";
  private static final String PROPERTY_PREFIX = "react.property.";

  StoreCommitData {
    properties = Map.copyOf(properties);
  }

  static StoreCommitData of(LuceneStoreOptions options) {
    return new StoreCommitData(options.dimension(), SimilarityMetric.DOT_PRODUCT, options.encoding(),
        options.properties());
  }

  Map<String, String> toUserData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(FORMAT, FORMAT_VERSION);
    data.put(DIMENSION, Integer.toString(dimension));
    data.put(METRIC, metric.name());
    data.put(ENCODING, encoding.name());
    new TreeMap<>(properties).forEach((k, v) -> data.put(PROPERTY_PREFIX + k, v));
    return data;
  }

  static StoreCommitData fromUserData(Map<String, String> data, Path path) {
    String format = data.get(FORMAT);
    if (format == null) {
      throw new StoreFormatException("index in " + path + " is not an embedding store: its last commit has no '"
          + FORMAT + "' entry");
    }
    if (!FORMAT_VERSION.equals(format)) {
      throw new StoreFormatException("format version of embedding store " + path + " must be " + FORMAT_VERSION
          + ", but was " + format);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    data.forEach((k, v) -> {
      if (k.startsWith(PROPERTY_PREFIX)) {
        properties.put(k.substring(PROPERTY_PREFIX.length()), v);
      }
    });
    try {
      return new StoreCommitData(Integer.parseInt(data.get(DIMENSION)), SimilarityMetric.valueOf(data.get(METRIC)),
          VectorEncoding.valueOf(data.get(ENCODING)), properties);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new StoreFormatException("embedding store " + path + " has unreadable commit data " + data, e);
    }
  }

  /** Throws IAE unless the options ask for what this store holds (no properties asked for is fine). */
  void checkMatches(LuceneStoreOptions options) {
    String where = "(store '" + options.name() + "' in " + options.path() + " was created with it)";
    if (options.dimension() != dimension) {
      throw new IllegalArgumentException("dimension must be " + dimension + " " + where + ", but was "
          + options.dimension());
    }
    if (options.encoding() != encoding) {
      throw new IllegalArgumentException("encoding must be " + encoding + " " + where + ", but was "
          + options.encoding());
    }
    if (!options.properties().isEmpty() && !options.properties().equals(properties)) {
      throw new IllegalArgumentException("properties must be " + properties + " " + where + " or none, but were "
          + options.properties());
    }
  }
}
