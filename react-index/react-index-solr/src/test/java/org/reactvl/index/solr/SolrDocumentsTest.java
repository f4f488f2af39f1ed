package org.reactvl.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SolrDocumentsTest {

  @Test
  void should_encode_metadata_keys_as_field_names_and_back() {
    // '.' is byte 0x2e, '_' 0x5f, ' ' 0x20; 'é' is UTF-8 c3 a9
    assertThat(SolrDocuments.metadataField("caption")).isEqualTo("m_caption");
    assertThat(SolrDocuments.metadataField("pool.image")).isEqualTo("m_pool_2eimage");
    assertThat(SolrDocuments.metadataField("a_b c")).isEqualTo("m_a_5fb_20c");
    assertThat(SolrDocuments.metadataField("é")).isEqualTo("m__c3_a9");
    for (String key : new String[] {"caption", "pool.image", "a_b c", "é", "_", "__2e", "ключ"}) {
      assertThat(SolrDocuments.metadataKey(SolrDocuments.metadataField(key))).isEqualTo(key);
    }
  }

  @Test
  void should_write_vectors_as_the_knn_parser_reads_them() {
    assertThat(SolrDocuments.vectorText(new float[] {0.5f, -1f, 1e-8f})).isEqualTo("[0.5,-1.0,1.0E-8]");
  }
}
