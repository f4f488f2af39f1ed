package org.reactvl.modules.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reactvl.core.image.ImagePreprocessor;

class AugmentationTest {
  private static final int SIZE = 8;
  private static final List<Double> MEAN = ImagePreprocessor.CLIP_MEAN;
  private static final List<Double> STD = ImagePreprocessor.CLIP_STD;

  /** A horizontal ramp: the red channel grows from left to right, so flips and crops are visible. */
  private static float[] ramp() {
    float[] p = new float[3 * SIZE * SIZE];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          double v = c == 0 ? x / (double) (SIZE - 1) : 0.5;
          p[c * SIZE * SIZE + y * SIZE + x] = (float) ((v - MEAN.get(c)) / STD.get(c));
        }
      }
    }
    return p;
  }

  @Test
  void should_mirror_the_image_with_a_certain_flip() {
    float[] in = ramp();
    float[] out = new Augmentation(1, 1, 0).apply(in, SIZE, MEAN, STD, new SplittableRandom(1));
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        assertThat(out[y * SIZE + x]).isCloseTo(in[y * SIZE + SIZE - 1 - x], within(1e-5f));
      }
    }
  }

  @Test
  void should_leave_the_image_unchanged_when_nothing_is_enabled() {
    float[] in = ramp();
    assertThat(Augmentation.none().enabled()).isFalse();
    assertThat(Augmentation.none().apply(in, SIZE, MEAN, STD, new SplittableRandom(1))).containsExactly(in, within(1e-5f));
  }

  @Test
  void should_draw_the_same_augmentation_from_the_same_seed_and_stay_in_range() {
    Augmentation a = Augmentation.standard();
    float[] first = a.apply(ramp(), SIZE, MEAN, STD, new SplittableRandom(Seeds.derive(7, 3, 1)));
    float[] again = a.apply(ramp(), SIZE, MEAN, STD, new SplittableRandom(Seeds.derive(7, 3, 1)));
    float[] other = a.apply(ramp(), SIZE, MEAN, STD, new SplittableRandom(Seeds.derive(7, 3, 2)));
    assertThat(again).containsExactly(first);
    assertThat(other).isNotEqualTo(first);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < SIZE * SIZE; i++) {
        double v = first[c * SIZE * SIZE + i] * STD.get(c) + MEAN.get(c);
        assertThat(v).isBetween(-1e-6, 1 + 1e-6);
      }
    }
  }

  @Test
  void should_validate_its_parameters() {
    assertThatThrownBy(() -> new Augmentation(0, 0.5, 0.4)).isInstanceOf(IllegalArgumentException.class).hasMessage("minCropScale must be in (0, 1], but was 0.0");
    assertThatThrownBy(() -> new Augmentation(1, 1.5, 0)).isInstanceOf(IllegalArgumentException.class).hasMessage("flipProbability must be in [0, 1], but was 1.5");
    assertThatThrownBy(() -> Augmentation.standard().apply(new float[5], SIZE, MEAN, STD, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pixels must hold 3 x 8 x 8 floats, but held 5");
  }

  @Test
  void should_derive_distinct_reproducible_seeds_and_permutations() {
    assertThat(Seeds.derive(1, 2, 3)).isEqualTo(Seeds.derive(1, 2, 3)).isNotEqualTo(Seeds.derive(1, 3, 2));
    int[] p = Seeds.permutation(10, 5);
    assertThat(p).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).isEqualTo(Seeds.permutation(10, 5));
  }
}
