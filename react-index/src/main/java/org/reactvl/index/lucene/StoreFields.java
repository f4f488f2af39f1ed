package org.reactvl.index.lucene;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.reactvl.index.EmbeddingEntry;

/**
 * The Lucene document of one entry.
 *
 * <ul>
 *   <li>{@value #ID}: the entry id, indexed as one term (upserts and deletes go by it) and stored, because
 *       Lucene's own doc ids change when segments merge;
 *   <li>{@value #VECTOR}: the unit vector, HNSW-indexed for dot product; the floats are kept in full
 *       precision whatever the encoding;
 *   <li>{@value #METADATA_PREFIX}{@code key}: each metadata value, indexed as one term (filters) and
 *       stored (returned with hits).
 * </ul>
 */
final class StoreFields {
  static final String ID = "id";
  static final String VECTOR = "vector";
  static final String METADATA_PREFIX = "meta.";

  private StoreFields() {}

  static String metadataField(String key) {
    return METADATA_PREFIX + key;
  }

  /** The document for an entry whose vector is already unit length. */
  static Document document(String id, float[] unitVector, Map<String, String> metadata) {
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.YES));
    doc.add(new KnnFloatVectorField(VECTOR, unitVector, VectorSimilarityFunction.DOT_PRODUCT));
    for (var e : metadata.entrySet()) {
      doc.add(new StringField(metadataField(e.getKey()), e.getValue(), Field.Store.YES));
    }
    return doc;
  }

  static Map<String, String> metadata(Document doc) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (IndexableField field : doc) {
      if (field.name().startsWith(METADATA_PREFIX)) {
        metadata.put(field.name().substring(METADATA_PREFIX.length()), field.stringValue());
      }
    }
    return metadata;
  }

  static EmbeddingEntry entry(Document doc, float[] unitVector) {
    return new EmbeddingEntry(doc.get(ID), unitVector, metadata(doc));
  }
}
