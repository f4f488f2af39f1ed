package org.reactvl.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SolrLocationTest {

  @Test
  void should_read_solr_node_locations() {
    SolrLocation location = SolrLocation.parse("solr://search-1:8983,10.0.0.7:8984/laion-images");

    assertThat(location.mode()).isEqualTo(SolrLocation.Mode.SOLR_NODES);
    assertThat(location.hosts()).containsExactly("search-1:8983", "10.0.0.7:8984");
    assertThat(location.chroot()).isEmpty();
    assertThat(location.collection()).isEqualTo("laion-images");
    assertThat(location.solrUrls()).containsExactly("http://search-1:8983/solr", "http://10.0.0.7:8984/solr");
    assertThat(location).hasToString("solr://search-1:8983,10.0.0.7:8984/laion-images");
  }

  @Test
  void should_read_zookeeper_locations_with_and_without_a_chroot() {
    SolrLocation nested = SolrLocation.parse("solr+zk://zk-1:2181,zk-2:2181/apps/solr/pool.v2");
    SolrLocation root = SolrLocation.parse("solr+zk://zk-1:2181/pool");

    assertThat(nested.mode()).isEqualTo(SolrLocation.Mode.ZOOKEEPER);
    assertThat(nested.hosts()).containsExactly("zk-1:2181", "zk-2:2181");
    assertThat(nested.chroot()).contains("/apps/solr");
    assertThat(nested.collection()).isEqualTo("pool.v2");
    assertThat(nested.solrUrls()).isEmpty();
    assertThat(nested).hasToString("solr+zk://zk-1:2181,zk-2:2181/apps/solr/pool.v2");
    assertThat(root.chroot()).isEmpty();
    assertThat(root.withCollection("pool-captions")).isEqualTo(new SolrLocation(SolrLocation.Mode.ZOOKEEPER,
        List.of("zk-1:2181"), Optional.empty(), "pool-captions"));
  }

  @Test
  void should_tell_locations_from_folders() {
    assertThat(SolrLocation.isLocation("solr://h:1/c")).isTrue();
    assertThat(SolrLocation.isLocation("solr+zk://h:1/c")).isTrue();
    assertThat(SolrLocation.isLocation("index/solr")).isFalse();
  }

  @Test
  void should_name_what_is_wrong_with_a_location() {
    String usage = "Solr location must be solr://HOST:PORT[,HOST:PORT...]/COLLECTION or "
        + "solr+zk://HOST:PORT[,HOST:PORT...][/CHROOT]/COLLECTION, but ";
    assertThatThrownBy(() -> SolrLocation.parse("http://h:8983/solr/c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(usage + "'http://h:8983/solr/c' is not: it has another scheme");
    assertThatThrownBy(() -> SolrLocation.parse("solr://h:8983"))
        .hasMessage(usage + "'solr://h:8983' is not: it names no collection");
    assertThatThrownBy(() -> SolrLocation.parse("solr://h:8983/solr/c"))
        .hasMessage(usage + "'solr://h:8983/solr/c' is not: only solr+zk:// locations have a chroot");
    assertThatThrownBy(() -> SolrLocation.parse("solr://h/c"))
        .hasMessage(usage + "'solr://h/c' is not: Solr location hosts must be host:port, but one was 'h'");
    assertThatThrownBy(() -> SolrLocation.parse("solr://h:1,/c"))
        .hasMessage(usage + "'solr://h:1,/c' is not: Solr location hosts must be host:port, but one was ''");
    assertThatThrownBy(() -> SolrLocation.parse("solr://h:1/-c"))
        .hasMessage(usage + "'solr://h:1/-c' is not: collection name must be 1-100 letters, digits, '.', '_' or '-' and "
            + "not start with '-', but was '-c'");
    assertThatThrownBy(() -> SolrLocation.ofZooKeeper("c", "solr", "zk:2181"))
        .hasMessage("chroot must be a ZooKeeper path such as /solr (ZooKeeper locations only), but was 'solr' for "
            + "ZOOKEEPER");
  }
}
