package org.reactvl.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reactvl.core.image.TestPng.bytes;

import org.junit.jupiter.api.Test;

class DecodedImageTest {
  @Test
  void should_copy_samples_in_and_out() {
    byte[] samples = bytes(1, 2, 3);
    DecodedImage image = DecodedImage.of(PixelMode.RGB, 1, 1, samples);

    samples[0] = 9;
    image.samples()[1] = 9;

    assertThat(image.samples()).containsExactly(bytes(1, 2, 3));
  }

  @Test
  void should_reject_a_sample_count_that_does_not_fit_the_mode() {
    assertThatThrownBy(() -> DecodedImage.of(PixelMode.RGBA, 2, 1, new byte[7]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samples length must be 8 for mode RGBA, but was 7");
  }

  @Test
  void should_reject_non_positive_sizes_and_modes_with_their_own_factories() {
    assertThatThrownBy(() -> DecodedImage.of(PixelMode.L, 0, 3, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image size must be positive, but was 0x3");
    assertThatThrownBy(() -> DecodedImage.of(PixelMode.P, 1, 1, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "mode must be an 8-bit mode without palette, but was P (use ofPalette or ofInt32)");
    assertThatThrownBy(() -> DecodedImage.of(PixelMode.BILEVEL, 2, 1, bytes(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BILEVEL samples must be 0 or 255, but one was 1");
  }

  @Test
  void should_refuse_accessors_of_other_modes() {
    DecodedImage rgb = DecodedImage.of(PixelMode.RGB, 1, 1, bytes(1, 2, 3));

    assertThatThrownBy(rgb::palette)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("image of mode RGB has no palette");
    assertThatThrownBy(rgb::intSamples)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("image of mode RGB has byte samples, not int samples");
  }

  @Test
  void should_pad_a_short_palette_with_the_grey_ramp() {
    DecodedImage image = DecodedImage.ofPalette(2, 1, bytes(0, 200), new int[] {0xABCDEF});

    assertThat(image.palette()).hasSize(256);
    assertThat(image.toRgb().samples()).containsExactly(bytes(0xAB, 0xCD, 0xEF, 200, 200, 200));
  }

  @Test
  void should_convert_every_mode_to_rgb_as_pillow() {
    assertThat(DecodedImage.of(PixelMode.BILEVEL, 2, 1, bytes(0, 255)).toRgb().samples())
        .containsExactly(bytes(0, 0, 0, 255, 255, 255));
    assertThat(DecodedImage.of(PixelMode.L, 1, 1, bytes(77)).toRgb().samples())
        .containsExactly(bytes(77, 77, 77));
    // LA and RGBA drop alpha without compositing
    assertThat(DecodedImage.of(PixelMode.LA, 1, 1, bytes(77, 0)).toRgb().samples())
        .containsExactly(bytes(77, 77, 77));
    assertThat(DecodedImage.of(PixelMode.RGBA, 1, 1, bytes(255, 255, 255, 0)).toRgb().samples())
        .containsExactly(bytes(255, 255, 255));
    // I is clipped to 0..255
    assertThat(DecodedImage.ofInt32(3, 1, new int[] {-5, 77, 40000}).toRgb().samples())
        .containsExactly(bytes(0, 0, 0, 77, 77, 77, 255, 255, 255));
  }

  @Test
  void should_convert_cmyk_with_pillows_integer_formula() {
    // R = (255 - K) - round((255 - K) * C / 255), likewise G from M and B from Y:
    // C=255 -> 0; C=128 with K=0 -> 255 - 128 = 127; K=255 -> black whatever the inks.
    DecodedImage cmyk = DecodedImage.of(PixelMode.CMYK, 3, 1, bytes(
        255, 0, 0, 0,
        128, 0, 255, 0,
        0, 0, 0, 255));

    assertThat(cmyk.toRgb().samples()).containsExactly(bytes(
        0, 255, 255,
        127, 255, 0,
        0, 0, 0));
  }
}
