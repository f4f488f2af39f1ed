package org.reactvl.index.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolShardTest {

  @Test
  void should_put_every_id_in_exactly_one_shard_of_about_equal_size() {
    // given
    List<PoolShard> shards = List.of(PoolShard.parse("0/3"), PoolShard.parse("1/3"), PoolShard.parse("2/3"));
    int[] sizes = new int[3];

    // when
    for (int i = 0; i < 30_000; i++) {
      String id = "laion-" + i;
      List<Integer> owners = new ArrayList<>();
      for (PoolShard shard : shards) {
        if (shard.contains(id)) {
          owners.add(shard.index());
        }
      }
      // then
      assertThat(owners).as(id).hasSize(1);
      sizes[owners.get(0)]++;
    }
    assertThat(Arrays.stream(sizes).boxed().toList()).allSatisfy(size -> assertThat(size).isBetween(9_700, 10_300));
  }

  @Test
  void should_assign_shards_by_the_first_eight_bytes_of_the_ids_sha256() {
    // SHA-256("a") starts ca978112 ca1bbdca: 0xca978112ca1bbdca = 14598278634844962250 = 2 mod 4, 0 mod 2
    // (in Python: int.from_bytes(hashlib.sha256(b"a").digest()[:8], "big") % 4)
    assertThat(PoolShard.of("a", 4)).isEqualTo(2);
    assertThat(PoolShard.of("a", 2)).isZero();
    assertThat(PoolShard.parse("2/4").contains("a")).isTrue();
    assertThat(PoolShard.ALL.contains("a")).isTrue();
  }

  @Test
  void should_read_and_reject_shard_specs() {
    assertThat(PoolShard.parse(" 3 / 8 ")).isEqualTo(new PoolShard(3, 8));
    assertThat(new PoolShard(3, 8)).hasToString("3/8");
    assertThatThrownBy(() -> PoolShard.parse("4/4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard must be INDEX/COUNT with 0 <= INDEX < COUNT, but was 4/4");
    assertThatThrownBy(() -> PoolShard.parse("1 of 4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard must be INDEX/COUNT with 0 <= INDEX < COUNT (e.g. 0/4), but was '1 of 4'");
    assertThatThrownBy(() -> new PoolShard(0, 0))
        .hasMessage("shard must be INDEX/COUNT with 0 <= INDEX < COUNT, but was 0/0");
  }
}
