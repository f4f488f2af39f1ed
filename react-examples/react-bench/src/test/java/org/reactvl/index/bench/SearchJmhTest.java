package org.reactvl.index.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactvl.index.Hit;
import org.reactvl.index.VectorEncoding;

/** The JMH state and benchmark method work outside JMH (timing is JMH's business). */
class SearchJmhTest {

  @Test
  void should_index_search_ten_hits_and_remove_its_folder() throws IOException {
    SearchJmh bench = new SearchJmh();
    bench.n = 500;
    bench.dimension = 16;
    bench.encoding = VectorEncoding.INT8;
    bench.candidates = 20;
    bench.index();

    List<Hit> hits = bench.search();
    bench.close();

    assertThat(hits).hasSize(10);
    assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(9).score());
    assertThat(Files.exists(bench.dir)).isFalse();
  }
}
