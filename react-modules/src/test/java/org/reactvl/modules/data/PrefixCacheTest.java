package org.reactvl.modules.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PrefixCacheTest {
  @Test
  void should_return_each_images_rows_in_the_order_asked(@TempDir Path tmp) throws Exception {
    // given 5 images of 2 x 2 pixels and an "encoder" that turns each image into 2 rows of width 6
    int n = 5;
    float[] values = new float[n * 3 * 2 * 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("p" + i);
    }
    PairDataset data = PairDataset.ofPixels(ids, Nd4j.create(values, new long[] {n, 3, 2, 2}, 'c'), List.of("a", "b", "c", "d", "e"));
    List<Integer> progress = new ArrayList<>();

    // when the cache is filled two images at a time
    try (PrefixCache cache = PrefixCache.build(data, 2, 6, pixels -> pixels.reshape(pixels.size(0) * 2, 6).dup(), 2, tmp, (done, total) -> progress.add(done))) {
      INDArray rows = cache.gather(new int[] {4, 0, 4});
      try (Stream<Path> files = Files.list(tmp)) {
        assertThat(files).as("no file on disk while open, so a kill leaves none").isEmpty();
      }

      // then image i's rows hold its 12 pixel values
      assertThat(rows.shape()).containsExactly(6, 6);
      assertThat(rows.getRow(0).toFloatVector()[0]).isEqualTo(48f);
      assertThat(rows.getRow(2).toFloatVector()).containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(rows.getRow(5).toFloatVector()).containsExactly(54, 55, 56, 57, 58, 59);
      assertThat(progress).containsExactly(2, 4, 5);
      assertThat(cache.size()).isEqualTo(5);
    }

    // and closing deletes its file
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void should_refuse_use_after_close(@TempDir Path tmp) {
    PairDataset data = PairDataset.ofPixels(List.of("a", "b"), Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 2, 2), List.of("x", "y"));
    PrefixCache cache = PrefixCache.build(data, 1, 12, pixels -> pixels.reshape(pixels.size(0), 12).dup(), 8, tmp, (done, total) -> { });
    cache.close();
    cache.close();
    assertThatThrownBy(() -> cache.gather(new int[] {0}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }
}
