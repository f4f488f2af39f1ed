package org.reactvl.index.solr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.Hit;

/**
 * How entries map to Solr documents (the schema is {@code schema.xml} beside this class):
 *
 * <ul>
 *   <li>{@value #ID}: the entry's id; {@value #VECTOR}: its unit vector;
 *   <li>metadata key {@code K} with value {@code V}: field {@value #METADATA_PREFIX}{@code enc(K)} = {@code
 *       V}, where {@code enc} keeps ASCII letters and digits and writes every other UTF-8 byte as {@code
 *       _hh} (lower-case hex), so any key becomes a safe field name and comes back unchanged; e.g. {@code
 *       pool.image} is field {@code m_pool_2eimage}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class SolrDocuments {
  static final String ID = "id";
  static final String VECTOR = "vector";
  static final String SCORE = "score";
  static final String METADATA_PREFIX = "m_";
  /** The stored fields of a hit: id, score and every metadata field. */
  static final String HIT_FIELDS = ID + "," + SCORE + "," + METADATA_PREFIX + "*";
  /** The stored fields of an entry: id, vector and every metadata field. */
  static final String ENTRY_FIELDS = ID + "," + VECTOR + "," + METADATA_PREFIX + "*";
  /** Longest metadata value: Lucene indexes a string field as one term of at most this many bytes. */
  static final int MAX_VALUE_BYTES = 32766;

  private SolrDocuments() {}

  /** The Solr field of metadata key {@code key}. */
  static String metadataField(String key) {
    StringBuilder field = new StringBuilder(METADATA_PREFIX);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && Character.isLetterOrDigit(c)) {
        field.append(c);
      } else {
        field.append('_').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
      }
    }
    return field.toString();
  }

  /** The metadata key of field {@code field}, which {@link #metadataField} made. */
  static String metadataKey(String field) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = METADATA_PREFIX.length(); i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '_' && i + 2 < field.length()) {
        bytes.write(Integer.parseInt(field.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Throws IAE unless Solr can index every metadata value of {@code entry} (nothing is sent before
   * every entry of a batch passed).
   */
  static void checkIndexable(EmbeddingEntry entry, String store) {
    for (var e : entry.metadata().entrySet()) {
      int bytes = e.getValue().getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_VALUE_BYTES) {
        throw new IllegalArgumentException("metadata value '" + e.getKey() + "' of entry '" + entry.id()
            + "' must be at most " + MAX_VALUE_BYTES + " bytes in UTF-8 to be indexed by Solr (store '" + store
            + "', nothing of its batch was stored), but was " + bytes);
      }
    }
  }

  /** The document of an entry, with its unit vector. */
  static SolrInputDocument document(EmbeddingEntry entry) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField(ID, entry.id());
    float[] unit = entry.unitVector();
    List<Float> vector = new ArrayList<>(unit.length);
    for (float x : unit) {
      vector.add(x);
    }
    doc.setField(VECTOR, vector);
    entry.metadata().forEach((key, value) -> doc.setField(metadataField(key), value));
    return doc;
  }

  /** A search result; Lucene scores unit-vector dot products as {@code (1 + cos) / 2}. */
  static Hit hit(SolrDocument doc) {
    float luceneScore = ((Number) doc.getFieldValue(SCORE)).floatValue();
    return new Hit((String) doc.getFieldValue(ID), 2 * luceneScore - 1, metadata(doc));
  }

  /** A stored entry (its vector is already a unit vector). */
  static EmbeddingEntry entry(SolrDocument doc) {
    Collection<Object> values = doc.getFieldValues(VECTOR);
    float[] vector = new float[values.size()];
    int i = 0;
    for (Object value : values) {
      vector[i++] = ((Number) value).floatValue();
    }
    return new EmbeddingEntry((String) doc.getFieldValue(ID), vector, metadata(doc));
  }

  private static Map<String, String> metadata(SolrDocument doc) {
    Map<String, String> metadata = new HashMap<>();
    for (String field : doc.getFieldNames()) {
      if (field.startsWith(METADATA_PREFIX)) {
        metadata.put(metadataKey(field), (String) doc.getFirstValue(field));
      }
    }
    return metadata;
  }

  /** A vector as the knn query parser reads it: {@code [x1,x2,...]}. */
  static String vectorText(float[] vector) {
    StringBuilder text = new StringBuilder(vector.length * 12).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(vector[i]);
    }
    return text.append(']').toString();
  }
}
