package org.reactvl.index.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reactvl.index.VectorEncoding;

class PoolStoreProvidersTest {

  @Test
  void should_name_the_scheme_no_provider_on_the_class_path_opens() {
    PoolStoreRequest request = PoolStoreRequest.builder("solr://localhost:8983/pool", PoolKey.IMAGE, "fp", 8).build();

    assertThatThrownBy(() -> PoolStoreProviders.open(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("store location scheme must be one of [], but was 'solr' in solr://localhost:8983/pool")
        .hasMessageContaining("org.reactvl:react-index-solr");
  }

  @Test
  void should_refuse_a_location_that_is_not_a_uri() {
    PoolStoreRequest request = PoolStoreRequest.builder("pool-index/images", PoolKey.IMAGE, "fp", 8).build();

    assertThatThrownBy(() -> PoolStoreProviders.open(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store location must be a URI SCHEME://..., but was 'pool-index/images'");
  }

  @Test
  void should_carry_encoding_creation_and_settings_and_read_the_scheme_in_lower_case() {
    PoolStoreRequest request = PoolStoreRequest.builder("Solr+ZK://zk:2181/pool", PoolKey.CAPTION, "fp", 8)
        .encoding(VectorEncoding.INT8).createIfMissing(true).setting("shards", "4").build();

    assertThat(request.scheme()).isEqualTo("solr+zk");
    assertThat(request.encoding()).isEqualTo(VectorEncoding.INT8);
    assertThat(request.createIfMissing()).isTrue();
    assertThat(request.settings()).containsExactly(Map.entry("shards", "4"));
  }

  @Test
  void should_refuse_a_blank_fingerprint_and_a_non_positive_dimension() {
    assertThatThrownBy(() -> PoolStoreRequest.builder("x://y", PoolKey.IMAGE, " ", 8).build())
        .hasMessage("model fingerprint must be non-blank, but was  ");
    assertThatThrownBy(() -> PoolStoreRequest.builder("x://y", PoolKey.IMAGE, "fp", 0).build())
        .hasMessage("dimension must be positive, but was 0");
  }
}
