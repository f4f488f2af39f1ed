package org.reactvl.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
  private static final Path PREPROCESS = Path.of(System.getProperty("react.shared", "../../shared"))
      .resolve("fixtures/clip-reference/preprocess");

  @Test
  void should_resize_the_short_side_and_truncate_the_long_side_like_torchvision()
      throws IOException {
    // given the sizes torchvision reported for the reference images
    JsonNode images = new ObjectMapper()
        .readTree(PREPROCESS.resolve("preprocess.json").toFile()).get("images");

    for (JsonNode image : images) {
      int width = image.get("size_wh").get(0).asInt();
      int height = image.get("size_wh").get(1).asInt();

      // when
      int[] resized = ImagePreprocessor.resizedSize(width, height, 224);

      // then
      assertThat(resized).as(image.get("name").asText())
          .containsExactly(image.get("resized_size_wh").get(0).asInt(),
              image.get("resized_size_wh").get(1).asInt());
    }
  }

  @Test
  void should_round_the_crop_offset_half_to_even() {
    // given RGB images whose red channel is the column index, already 4 pixels high
    ImagePreprocessor four = ImagePreprocessor.builder().size(4).build();

    // when: (9 - 4) / 2 = 2.5 rounds to 2, (11 - 4) / 2 = 3.5 rounds to 4
    DecodedImage from9 = four.resizeAndCrop(columnRamp(9, 4));
    DecodedImage from11 = four.resizeAndCrop(columnRamp(11, 4));

    // then
    assertThat(redRow(from9)).containsExactly(2, 3, 4, 5);
    assertThat(redRow(from11)).containsExactly(4, 5, 6, 7);
  }

  @Test
  void should_resize_palette_images_with_pillows_nearest_neighbour() {
    // given a 6x3 palette image, index = 6y + x, palette entry i = (i, 2i, 3i)
    byte[] indices = new byte[18];
    int[] palette = new int[18];
    for (int i = 0; i < 18; i++) {
      indices[i] = (byte) i;
      palette[i] = i << 16 | 2 * i << 8 | 3 * i;
    }
    DecodedImage image = DecodedImage.ofPalette(6, 3, indices, palette);

    // when size 2: resized to 4x2 sampling columns floor(0.75 + 1.5k) = 0, 2, 3, 5 and rows
    // 0, 2; the crop keeps resized columns 1..2, i.e. source columns 2 and 3
    DecodedImage out = ImagePreprocessor.builder().size(2).build().resizeAndCrop(image);

    // then pixels 2, 3 (row 0) and 14, 15 (row 2)
    assertThat(out.samples()).containsExactly(TestPng.bytes(
        2, 4, 6, 3, 6, 9,
        14, 28, 42, 15, 30, 45));
  }

  @Test
  void should_keep_a_uniform_image_uniform_in_every_mode() {
    ImagePreprocessor clip = ImagePreprocessor.clip();
    DecodedImage rgb = DecodedImage.of(PixelMode.RGB, 50, 30, repeat(50 * 30, 37, 180, 255));
    DecodedImage rgba = DecodedImage.of(PixelMode.RGBA, 50, 30, repeat(50 * 30, 37, 180, 255, 99));
    DecodedImage grey = DecodedImage.of(PixelMode.L, 300, 700, repeat(300 * 700, 201));

    assertThat(clip.resizeAndCrop(rgb).samples()).isEqualTo(repeat(224 * 224, 37, 180, 255));
    assertThat(clip.resizeAndCrop(grey).samples()).isEqualTo(repeat(224 * 224, 201, 201, 201));
    // premultiplying by 99/255 and back loses precision: 37 -> 14 -> 36, 180 -> 70 -> 180
    byte[] fromRgba = clip.resizeAndCrop(rgba).samples();
    assertThat(Arrays.copyOf(fromRgba, 3)).containsExactly(TestPng.bytes(36, 180, 255));
    assertThat(fromRgba).isEqualTo(repeat(224 * 224, 36, 180, 255));
  }

  @Test
  void should_resize_opaque_rgba_and_la_exactly_like_rgb_and_l() {
    Random random = new Random(3);
    byte[] rgb = new byte[97 * 61 * 3];
    random.nextBytes(rgb);
    byte[] rgba = new byte[97 * 61 * 4];
    byte[] grey = new byte[97 * 61];
    byte[] greyAlpha = new byte[97 * 61 * 2];
    for (int p = 0; p < 97 * 61; p++) {
      System.arraycopy(rgb, 3 * p, rgba, 4 * p, 3);
      rgba[4 * p + 3] = (byte) 255;
      grey[p] = rgb[3 * p];
      greyAlpha[2 * p] = rgb[3 * p];
      greyAlpha[2 * p + 1] = (byte) 255;
    }
    ImagePreprocessor clip = ImagePreprocessor.clip();

    assertThat(clip.resizeAndCrop(DecodedImage.of(PixelMode.RGBA, 97, 61, rgba)))
        .isEqualTo(clip.resizeAndCrop(DecodedImage.of(PixelMode.RGB, 97, 61, rgb)));
    assertThat(clip.resizeAndCrop(DecodedImage.of(PixelMode.LA, 97, 61, greyAlpha)))
        .isEqualTo(clip.resizeAndCrop(DecodedImage.of(PixelMode.L, 97, 61, grey)));
  }

  @Test
  void should_blacken_transparent_white_when_resizing_but_not_when_the_size_already_fits() {
    // Pillow premultiplies only when it really resizes; convert("RGB") then just drops alpha.
    ImagePreprocessor four = ImagePreprocessor.builder().size(4).build();
    byte[] transparentWhite = repeat(64, 255, 255, 255, 0);

    DecodedImage resized =
        four.resizeAndCrop(DecodedImage.of(PixelMode.RGBA, 8, 8, transparentWhite));
    DecodedImage kept = four.resizeAndCrop(
        DecodedImage.of(PixelMode.RGBA, 4, 4, Arrays.copyOf(transparentWhite, 64)));

    assertThat(resized.samples()).isEqualTo(new byte[4 * 4 * 3]);
    assertThat(kept.samples()).isEqualTo(repeat(16, 255, 255, 255));
  }

  @Test
  void should_clip_32_bit_grey_only_after_resizing() {
    // 16-bit PNGs open as mode I; Pillow resizes the ints and clips them when converting to RGB
    ImagePreprocessor four = ImagePreprocessor.builder().size(4).build();
    int[] bright = new int[64];
    Arrays.fill(bright, 40000);
    int[] dark = new int[64];
    Arrays.fill(dark, 200);

    assertThat(four.resizeAndCrop(DecodedImage.ofInt32(8, 8, bright)).samples())
        .isEqualTo(repeat(16, 255, 255, 255));
    assertThat(four.resizeAndCrop(DecodedImage.ofInt32(8, 8, dark)).samples())
        .isEqualTo(repeat(16, 200, 200, 200));
  }

  @Test
  void should_concatenate_a_batch_in_order() {
    Path coins = PREPROCESS.resolve("sources/coins.png");
    Path horse = PREPROCESS.resolve("sources/horse.png");
    ImagePreprocessor clip = ImagePreprocessor.clip();

    float[] batch = clip.preprocessBatch(List.of(coins, horse));

    assertThat(batch).hasSize(2 * 3 * 224 * 224);
    assertThat(Arrays.mismatch(Arrays.copyOf(batch, clip.outputLength()), clip.preprocess(coins)))
        .isEqualTo(-1);
    assertThat(Arrays.mismatch(
        Arrays.copyOfRange(batch, clip.outputLength(), batch.length), clip.preprocess(horse)))
        .isEqualTo(-1);
  }

  @Test
  void should_honour_a_custom_size_mean_and_std() {
    ImagePreprocessor custom = ImagePreprocessor.builder().size(336).mean(0.5, 0.5, 0.5)
        .std(0.5, 0.5, 0.5).build();
    DecodedImage white = DecodedImage.of(PixelMode.L, 400, 500, repeat(400 * 500, 255));

    float[] out = custom.preprocess(white);

    assertThat(custom.outputLength()).isEqualTo(3 * 336 * 336);
    // (255 / 255 - 0.5) / 0.5 = 1 exactly
    assertThat(out).hasSize(3 * 336 * 336).containsOnly(1f);
    assertThat(custom.mean()).containsExactly(0.5, 0.5, 0.5);
  }

  @Test
  void should_validate_builder_arguments() {
    assertThatThrownBy(() -> ImagePreprocessor.builder().size(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be positive, but was 0");
    assertThatThrownBy(() -> ImagePreprocessor.builder().std(0.2, 0.0, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("std values must be finite and positive, but were [0.2, 0.0, 0.2]");
    assertThatThrownBy(() -> ImagePreprocessor.builder().mean(Double.NaN, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mean values must be finite, but were [NaN, 0.0, 0.0]");
  }

  @Test
  void should_reject_a_destination_that_is_too_small() {
    ImagePreprocessor clip = ImagePreprocessor.clip();
    DecodedImage grey = DecodedImage.of(PixelMode.L, 1, 1, new byte[1]);

    assertThatThrownBy(() -> clip.preprocessInto(grey, new float[clip.outputLength()], 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static DecodedImage columnRamp(int width, int height) {
    byte[] samples = new byte[width * height * 3];
    for (int i = 0; i < width * height; i++) {
      samples[3 * i] = (byte) (i % width);
    }
    return DecodedImage.of(PixelMode.RGB, width, height, samples);
  }

  private static int[] redRow(DecodedImage image) {
    byte[] samples = image.samples();
    int[] row = new int[image.width()];
    for (int x = 0; x < row.length; x++) {
      row[x] = samples[3 * x];
    }
    return row;
  }

  private static byte[] repeat(int pixels, int... pixel) {
    byte[] out = new byte[pixels * pixel.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) pixel[i % pixel.length];
    }
    return out;
  }
}
