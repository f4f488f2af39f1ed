package org.reactvl.index.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.reactvl.index.StoreFormatException;
import org.reactvl.index.StoreInfo;

/**
 * What a store collection was created with, kept as {@value #FILE} in its configset (immutable, read
 * back through Solr's {@code /admin/file} handler):
 *
 * <pre>
 * {"format":"react-solr-store","version":1,"dimension":512,"metric":"DOT_PRODUCT","encoding":"FLOAT32",
 *  "maxConn":16,"beamWidth":100,"properties":{"react.model.fingerprint":"..."}}
 * </pre>
 *
 * @param dimension components per vector
 * @param maxConn HNSW M in the schema
 * @param beamWidth HNSW efConstruction in the schema
 * @param properties the store properties
 */
record SolrStoreSettings(int dimension, int maxConn, int beamWidth, Map<String, String> properties) {
  static final String FILE = "react-store.json";
  static final String FORMAT = "react-solr-store";
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  SolrStoreSettings {
    properties = StoreInfo.checkProperties(properties);
  }

  static SolrStoreSettings of(SolrStoreOptions options) {
    return new SolrStoreSettings(options.dimension(), options.maxConn(), options.beamWidth(), options.properties());
  }

  byte[] toJson() {
    ObjectNode json = JSON.createObjectNode().put("format", FORMAT).put("version", VERSION).put("dimension", dimension)
        .put("metric", "DOT_PRODUCT").put("encoding", "FLOAT32").put("maxConn", maxConn).put("beamWidth", beamWidth);
    ObjectNode props = json.putObject("properties");
    new TreeMap<>(properties).forEach(props::put);
    return (json + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the file of collection {@code collection}.
   *
   * @throws StoreFormatException if it is not JSON of this format and version
   */
  static SolrStoreSettings fromJson(byte[] bytes, String collection) {
    JsonNode json;
    try {
      json = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new StoreFormatException(where(collection) + " must be JSON, but cannot be parsed: " + e.getMessage(), e);
    }
    if (json == null || !FORMAT.equals(json.path("format").asText())) {
      throw new StoreFormatException(where(collection) + " must have format '" + FORMAT + "', but had "
          + (json == null ? "nothing" : json.path("format")));
    }
    if (json.path("version").asInt() != VERSION) {
      throw new StoreFormatException(where(collection) + " must have version " + VERSION + " (this library's), but had "
          + json.path("version"));
    }
    Map<String, String> properties = new TreeMap<>();
    json.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
    int dimension = json.path("dimension").asInt();
    if (dimension < 1) {
      throw new StoreFormatException(where(collection) + " must have a positive dimension, but had "
          + json.path("dimension"));
    }
    return new SolrStoreSettings(dimension, json.path("maxConn").asInt(), json.path("beamWidth").asInt(), properties);
  }

  /**
   * Throws unless {@code options} can open a store created with these settings: same dimension, and the
   * same properties or none.
   */
  void checkMatches(SolrStoreOptions options) {
    String collection = options.location().collection();
    if (options.dimension() != dimension) {
      throw new IllegalArgumentException("dimension must be " + dimension + " (Solr collection '" + collection
          + "' was created with it), but was " + options.dimension());
    }
    if (!options.properties().isEmpty() && !options.properties().equals(properties)) {
      throw new IllegalArgumentException("properties must be " + new TreeMap<>(properties) + " (as Solr collection '"
          + collection + "' was created) or none, but were " + new TreeMap<>(options.properties()));
    }
  }

  private static String where(String collection) {
    return FILE + " of Solr collection '" + collection + "'";
  }
}
