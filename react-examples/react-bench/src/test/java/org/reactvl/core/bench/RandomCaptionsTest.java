package org.reactvl.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reactvl.core.clip.ClipArchitectures;
import org.reactvl.core.clip.ClipConfig;

class RandomCaptionsTest {

  @Test
  void should_draw_the_same_caption_shaped_rows_for_the_same_seed() {
    ClipConfig config = ClipArchitectures.get("ViT-B-32-quickgelu");

    int[][] rows = RandomCaptions.tokens(config, 50, 7);

    assertThat(RandomCaptions.tokens(config, 50, 7)).isDeepEqualTo(rows);
    for (int[] row : rows) {
      assertThat(row).hasSize(77);
      assertThat(row[0]).isEqualTo(49406);
      int end = 0;
      while (row[end] != ClipConfig.CLIP_EOT) {
        end++;
      }
      assertThat(end).isBetween(6, 21);
      assertThat(row[end + 1]).isZero();
    }
  }
}
