package org.reactvl.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares against openai/CLIP's {@code _transform(224)} run with Pillow 9.4 and torchvision 0.14
 * ({@code shared/fixtures/clip-reference/preprocess}): the 8-bit image after resize + crop +
 * convert, and the float tensor.
 */
class ClipReferencePreprocessingTest {
  private static final Path DIR = Path.of(System.getProperty("react.shared", "../../shared"))
      .resolve("fixtures/clip-reference/preprocess");
  private static final ImagePreprocessor CLIP = ImagePreprocessor.clip();

  static Stream<String> pngs() {
    return Stream.of("coins", "Minduka_Present_Blue_Pack", "horse", "gnupg-card-architecture");
  }

  static Stream<String> jpegs() {
    return Stream.of("china", "grace_hopper");
  }

  static Stream<String> all() {
    return Stream.concat(jpegs(), pngs());
  }

  @ParameterizedTest
  @MethodSource("pngs")
  void should_match_pillow_resize_and_crop_exactly_for_png(String name) {
    // given
    DecodedImage source = ImageLoader.load(DIR.resolve("sources/" + name + ".png"));
    DecodedImage expected = ImageLoader.load(DIR.resolve("intermediate/" + name + ".rgb224.png"));

    // when
    DecodedImage actual = CLIP.resizeAndCrop(source);

    // then
    PixelDifference diff = PixelDifference.between(actual, expected);
    System.out.printf("%s (%s): %s%n", name, source.mode(), diff);
    assertThat(diff.differingSamples()).isZero();
  }

  @ParameterizedTest
  @MethodSource("jpegs")
  void should_match_pillow_resize_and_crop_exactly_from_libjpeg_turbo_pixels(String name) {
    // given: Pillow's decoded pixels, so that only resampling is compared
    DecodedImage decoded = ImageLoader.load(DIR.resolve("intermediate/" + name + ".decoded.png"));
    DecodedImage expected = ImageLoader.load(DIR.resolve("intermediate/" + name + ".rgb224.png"));

    // when
    DecodedImage actual = CLIP.resizeAndCrop(decoded);

    // then
    PixelDifference diff = PixelDifference.between(actual, expected);
    System.out.printf("%s from decoded.png: %s%n", name, diff);
    assertThat(diff.differingSamples()).isZero();
  }

  @ParameterizedTest
  @MethodSource("jpegs")
  void should_decode_jpeg_to_the_same_pixels_as_pillow(String name) {
    // given
    DecodedImage pillowDecoded =
        ImageLoader.load(DIR.resolve("intermediate/" + name + ".decoded.png"));

    // when
    DecodedImage decoded = ImageLoader.load(DIR.resolve("sources/" + name + ".jpg"));

    // then
    PixelDifference diff = PixelDifference.between(decoded, pillowDecoded);
    System.out.printf("%s JDK JPEG decoder vs libjpeg-turbo: %s%n", name, diff);
    assertThat(decoded.mode()).isEqualTo(PixelMode.RGB);
    assertThat(diff.differingSamples()).isZero();
  }

  @ParameterizedTest
  @MethodSource("all")
  void should_match_the_reference_tensor_exactly_from_the_source_file(String name)
      throws IOException {
    // given
    Path source = DIR.resolve("sources/" + name + (name.equals("china")
        || name.equals("grace_hopper") ? ".jpg" : ".png"));
    NpyFloatArray expected = NpyFloatArray.read(DIR.resolve("expected/" + name + ".npy"));

    // when
    float[] actual = CLIP.preprocess(source);

    // then
    assertThat(expected.shape()).containsExactly(3, 224, 224);
    System.out.printf("%s tensor max |diff| = %s%n", name, maxAbsDiff(actual, expected.data()));
    assertBitIdentical(actual, expected.data());
  }

  @ParameterizedTest
  @MethodSource("all")
  void should_normalise_the_reference_uint8_image_to_the_reference_tensor_exactly(String name)
      throws IOException {
    // given: a 224x224 RGB image passes resize and crop unchanged
    DecodedImage rgb224 = ImageLoader.load(DIR.resolve("intermediate/" + name + ".rgb224.png"));
    NpyFloatArray expected = NpyFloatArray.read(DIR.resolve("expected/" + name + ".npy"));

    // when
    float[] actual = CLIP.preprocess(rgb224);

    // then
    assertBitIdentical(actual, expected.data());
  }

  private static void assertBitIdentical(float[] actual, float[] expected) {
    int at = Arrays.mismatch(actual, expected);
    assertThat(at)
        .as(() -> "first differing float at " + at + ": " + actual[at] + " vs " + expected[at])
        .isEqualTo(-1);
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
