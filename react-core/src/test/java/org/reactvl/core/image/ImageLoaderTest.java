package org.reactvl.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.reactvl.core.image.TestPng.bytes;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.ImageFormatException;

class ImageLoaderTest {
  private static final Path SOURCES = Path.of(System.getProperty("react.shared", "../../shared"))
      .resolve("fixtures/clip-reference/preprocess/sources");

  @TempDir Path dir;

  @Nested
  class Errors {
    @Test
    void should_name_a_missing_file() {
      Path missing = dir.resolve("missing.png");

      assertThatThrownBy(() -> ImageLoader.load(missing))
          .isInstanceOf(ImageFormatException.class)
          .hasMessage("image file '" + missing + "' does not exist");
    }

    @Test
    void should_name_an_empty_file() throws IOException {
      Path empty = Files.write(dir.resolve("x.png"), new byte[0]);

      assertThatThrownBy(() -> ImageLoader.load(empty))
          .isInstanceOf(ImageFormatException.class)
          .hasMessage("image file '" + empty + "' is empty (0 bytes)");
    }

    @Test
    void should_name_a_directory() {
      assertThatThrownBy(() -> ImageLoader.load(dir))
          .isInstanceOf(ImageFormatException.class)
          .hasMessage("image file '" + dir + "' is a directory, not a file");
    }

    @Test
    void should_name_an_unknown_format_without_showing_its_content() throws IOException {
      Path file = Files.writeString(dir.resolve("shadow.png"), "root:*:20228:0:99999:7:::\nsecret-token-123\n");

      assertThatThrownBy(() -> ImageLoader.load(file))
          .isInstanceOf(ImageFormatException.class)
          .hasMessage("image file '" + file + "' must be a JPEG, PNG, GIF, BMP or WebP image, but its 43 bytes start with no"
              + " known image signature")
          .message().doesNotContain("root").doesNotContain("72 6f 6f 74").doesNotContain("secret");
    }

    @Test
    void should_refuse_a_png_whose_ihdr_crc_is_wrong_as_pillow_does() {
      byte[] png = TestPng.header(4, 4, 8, TestPng.GREY).image(noiseRows(4, 4));
      png[8 + 8 + 13] ^= 0x01; // the IHDR chunk's CRC follows its 13 data bytes

      assertThatThrownBy(() -> ImageLoader.load(png, "bad-crc.png"))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageContaining("image file 'bad-crc.png' is corrupt")
          .hasMessageContaining("chunk IHDR at byte 8 must have CRC");
    }

    @Test
    void should_refuse_a_wrong_crc_in_an_ancillary_chunk_before_the_image_data_as_pillow_does() {
      TestPng png = TestPng.header(4, 4, 8, TestPng.GREY).chunk("tEXt", "Comment\0hello".getBytes(StandardCharsets.ISO_8859_1));
      byte[] bytes = png.image(noiseRows(4, 4));
      int textCrc = 8 + 25 + 8 + 13;
      bytes[textCrc] ^= 0x01;

      assertThatThrownBy(() -> ImageLoader.load(bytes, "bad-text-crc.png"))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageContaining("chunk tEXt at byte 33 must have CRC");
    }

    @Test
    void should_accept_a_wrong_idat_crc_as_pillow_does() {
      byte[] png = TestPng.header(4, 4, 8, TestPng.GREY).image(noiseRows(4, 4));
      png[png.length - 12 - 1] ^= 0x01; // last byte of the IDAT CRC, just before IEND

      assertThat(ImageLoader.load(png, "idat-crc.png").width()).isEqualTo(4);
    }

    @Test
    void should_report_a_truncated_png() throws IOException {
      byte[] png = Files.readAllBytes(SOURCES.resolve("coins.png"));
      Path file = Files.write(dir.resolve("coins.png"), Arrays.copyOf(png, png.length / 2));

      assertThatThrownBy(() -> ImageLoader.load(file))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageStartingWith("image file '" + file + "' is truncated (PNG, "
              + png.length / 2 + " bytes): PNG chunk IDAT at byte ");
    }

    @Test
    void should_report_a_png_whose_image_data_ends_early() {
      byte[] full = TestPng.header(64, 64, 8, TestPng.GREY).image(noiseRows(64, 64));
      // keep the chunk structure but cut the compressed stream inside IDAT
      byte[] png = cutIdat(full);

      assertThatThrownBy(() -> ImageLoader.load(png, "cut.png"))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageStartingWith("image file 'cut.png' is ")
          .hasMessageContaining("truncated (PNG");
    }

    @Test
    void should_report_a_jpeg_that_ends_mid_scan_as_truncated() throws IOException {
      byte[] jpeg = Files.readAllBytes(SOURCES.resolve("china.jpg"));
      byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);

      assertThatThrownBy(() -> ImageLoader.load(half, "half.jpg"))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageStartingWith("image file 'half.jpg' is truncated (JPEG, " + half.length
              + " bytes): JPEG data ends before the decoder is done");
    }

    @Test
    void should_report_a_jpeg_without_its_end_marker_as_truncated_as_pillow_does()
        throws IOException {
      byte[] jpeg = Files.readAllBytes(SOURCES.resolve("china.jpg"));
      byte[] withoutEoi = Arrays.copyOf(jpeg, jpeg.length - 2);

      assertThatThrownBy(() -> ImageLoader.load(withoutEoi, "no-eoi.jpg"))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageStartingWith("image file 'no-eoi.jpg' is truncated (JPEG, ");
    }

    @Test
    void should_report_corrupt_data_with_the_decoder_message() {
      byte[] gif = TestGif.encode(
          2, 2, 0, 0, 2, 2, bytes(0, 1, 2, 3), new int[] {0, 0xFF0000, 0xFF00, 0xFF}, -1);
      byte[] broken = Arrays.copyOf(gif, gif.length - 6);

      assertThatThrownBy(() -> ImageLoader.load(broken, "broken.gif"))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageStartingWith("image file 'broken.gif' is ")
          .hasMessageContaining("(GIF, " + broken.length + " bytes): ");
    }
  }

  @Nested
  class Sources {
    @Test
    void should_read_the_same_image_from_a_path_bytes_and_a_stream() throws IOException {
      Path file = SOURCES.resolve("horse.png");
      byte[] data = Files.readAllBytes(file);

      DecodedImage fromPath = ImageLoader.load(file);

      assertThat(ImageLoader.load(data, "horse")).isEqualTo(fromPath);
      assertThat(ImageLoader.load(new ByteArrayInputStream(data), "horse")).isEqualTo(fromPath);
      assertThat(fromPath.mode()).isEqualTo(PixelMode.RGBA);
      assertThat(fromPath.width()).isEqualTo(400);
      assertThat(fromPath.height()).isEqualTo(328);
    }

    @Test
    void should_open_the_reference_images_in_pillows_modes() {
      assertThat(ImageLoader.load(SOURCES.resolve("coins.png")).mode()).isEqualTo(PixelMode.L);
      assertThat(ImageLoader.load(SOURCES.resolve("gnupg-card-architecture.png")).mode())
          .isEqualTo(PixelMode.P);
      assertThat(ImageLoader.load(SOURCES.resolve("Minduka_Present_Blue_Pack.png")).mode())
          .isEqualTo(PixelMode.RGBA);
      assertThat(ImageLoader.load(SOURCES.resolve("china.jpg")).mode()).isEqualTo(PixelMode.RGB);
    }
  }

  @Nested
  class Png {
    @Test
    void should_open_1_bit_grey_as_bilevel() {
      // 1 0 1 1 0 0 0 0 -> first 3 pixels 1 0 1
      byte[] png = TestPng.header(3, 1, 1, TestPng.GREY).image(new byte[][] {bytes(0b1010_0000)});

      DecodedImage image = ImageLoader.load(png, "bits.png");

      assertThat(image.mode()).isEqualTo(PixelMode.BILEVEL);
      assertThat(image.samples()).containsExactly(bytes(255, 0, 255));
    }

    @Test
    void should_scale_2_bit_grey_to_8_bits() {
      // samples 0 1 2 3 -> 0 85 170 255 (Pillow's L;2)
      byte[] png = TestPng.header(4, 1, 2, TestPng.GREY).image(new byte[][] {bytes(0b00_01_10_11)});

      DecodedImage image = ImageLoader.load(png, "grey2.png");

      assertThat(image.mode()).isEqualTo(PixelMode.L);
      assertThat(image.samples()).containsExactly(bytes(0, 85, 170, 255));
    }

    @Test
    void should_open_16_bit_grey_as_32_bit_integers() {
      byte[] png = TestPng.header(2, 1, 16, TestPng.GREY)
          .image(new byte[][] {bytes(0x9C, 0x40, 0x00, 0xC8)});

      DecodedImage image = ImageLoader.load(png, "grey16.png");

      assertThat(image.mode()).isEqualTo(PixelMode.I);
      assertThat(image.intSamples()).containsExactly(40000, 200);
    }

    @Test
    void should_keep_the_high_byte_of_16_bit_rgb() {
      byte[] png = TestPng.header(1, 1, 16, TestPng.RGB)
          .image(new byte[][] {bytes(0x12, 0xFF, 0xAB, 0x01, 0x00, 0x80)});

      DecodedImage image = ImageLoader.load(png, "rgb16.png");

      assertThat(image.mode()).isEqualTo(PixelMode.RGB);
      assertThat(image.samples()).containsExactly(bytes(0x12, 0xAB, 0x00));
    }

    @Test
    void should_open_8_bit_grey_alpha_as_la() {
      byte[] png = TestPng.header(2, 1, 8, TestPng.GREY_ALPHA)
          .image(new byte[][] {bytes(10, 255, 200, 0)});

      DecodedImage image = ImageLoader.load(png, "la.png");

      assertThat(image.mode()).isEqualTo(PixelMode.LA);
      assertThat(image.samples()).containsExactly(bytes(10, 255, 200, 0));
    }

    @Test
    void should_open_16_bit_grey_alpha_as_rgba_of_high_bytes() {
      byte[] png = TestPng.header(1, 1, 16, TestPng.GREY_ALPHA)
          .image(new byte[][] {bytes(0x7F, 0xFF, 0x40, 0x01)});

      DecodedImage image = ImageLoader.load(png, "la16.png");

      assertThat(image.mode()).isEqualTo(PixelMode.RGBA);
      assertThat(image.samples()).containsExactly(bytes(0x7F, 0x7F, 0x7F, 0x40));
    }

    @Test
    void should_keep_the_high_byte_of_16_bit_rgba() {
      byte[] png = TestPng.header(1, 1, 16, TestPng.RGB_ALPHA)
          .image(new byte[][] {bytes(1, 2, 3, 4, 5, 6, 7, 8)});

      DecodedImage image = ImageLoader.load(png, "rgba16.png");

      assertThat(image.mode()).isEqualTo(PixelMode.RGBA);
      assertThat(image.samples()).containsExactly(bytes(1, 3, 5, 7));
    }

    @Test
    void should_ignore_trns_on_rgb_and_grey_as_pillow_does() {
      byte[] rgb = TestPng.header(2, 1, 8, TestPng.RGB)
          .chunk("tRNS", bytes(0, 255, 0, 255, 0, 255))
          .image(new byte[][] {bytes(255, 255, 255, 1, 2, 3)});
      byte[] grey = TestPng.header(2, 1, 8, TestPng.GREY)
          .chunk("tRNS", bytes(0, 7))
          .image(new byte[][] {bytes(7, 9)});

      DecodedImage rgbImage = ImageLoader.load(rgb, "trns-rgb.png");
      DecodedImage greyImage = ImageLoader.load(grey, "trns-grey.png");

      assertThat(rgbImage.mode()).isEqualTo(PixelMode.RGB);
      assertThat(rgbImage.samples()).containsExactly(bytes(255, 255, 255, 1, 2, 3));
      assertThat(greyImage.mode()).isEqualTo(PixelMode.L);
      assertThat(greyImage.samples()).containsExactly(bytes(7, 9));
    }

    @Test
    void should_open_a_palette_png_as_p_with_a_grey_ramp_after_the_plte_entries() {
      // 4-bit indices 0, 2, 5; PLTE defines 3 colours, so index 5 falls on the ramp (5, 5, 5)
      byte[] png = TestPng.header(3, 1, 4, TestPng.PALETTE)
          .chunk("PLTE", bytes(255, 0, 0, 0, 255, 0, 0, 0, 255))
          .image(new byte[][] {bytes(0x02, 0x50)});

      DecodedImage image = ImageLoader.load(png, "p.png");

      assertThat(image.mode()).isEqualTo(PixelMode.P);
      assertThat(image.samples()).containsExactly(bytes(0, 2, 5));
      assertThat(image.palette()).startsWith(0xFF0000, 0x00FF00, 0x0000FF, 0x030303);
      assertThat(image.toRgb().samples()).containsExactly(bytes(255, 0, 0, 0, 0, 255, 5, 5, 5));
    }
  }

  @Nested
  class Gif {
    private final int[] colors = {0x000000, 0xFF0000, 0x00FF00, 0x123456};

    @Test
    void should_open_a_gif_as_p_with_its_colour_table() {
      byte[] gif = TestGif.encode(3, 2, 0, 0, 3, 2, bytes(0, 1, 2, 3, 3, 2), colors, -1);

      DecodedImage image = ImageLoader.load(gif, "x.gif");

      assertThat(image.mode()).isEqualTo(PixelMode.P);
      assertThat(image.width()).isEqualTo(3);
      assertThat(image.height()).isEqualTo(2);
      assertThat(image.samples()).containsExactly(bytes(0, 1, 2, 3, 3, 2));
      assertThat(image.palette()).startsWith(colors);
      assertThat(image.toRgb().samples()).startsWith(bytes(0, 0, 0, 255, 0, 0, 0, 255, 0));
    }

    @Test
    void should_place_the_first_frame_on_the_logical_screen_filled_with_the_transparent_index() {
      // a 2x1 frame at (1, 1) on a 4x3 screen, transparent index 2
      byte[] gif = TestGif.encode(4, 3, 1, 1, 2, 1, bytes(1, 3), colors, 2);

      DecodedImage image = ImageLoader.load(gif, "placed.gif");

      assertThat(image.width()).isEqualTo(4);
      assertThat(image.height()).isEqualTo(3);
      assertThat(image.samples()).containsExactly(bytes(
          2, 2, 2, 2,
          2, 1, 3, 2,
          2, 2, 2, 2));
    }

    @Test
    void should_fill_outside_an_opaque_frame_with_index_0_and_grow_to_fit_the_frame() {
      // a 2x2 frame at (1, 0) reaching past a 2x2 screen: Pillow grows the image to 3x2
      byte[] gif = TestGif.encode(2, 2, 1, 0, 2, 2, bytes(3, 3, 1, 1), colors, -1);

      DecodedImage image = ImageLoader.load(gif, "grown.gif");

      assertThat(image.width()).isEqualTo(3);
      assertThat(image.samples()).containsExactly(bytes(0, 3, 3, 0, 1, 1));
    }

    @Test
    void should_open_a_gif_whose_table_is_the_grey_ramp_as_l() {
      int[] ramp = {0x000000, 0x010101, 0x020202, 0x030303};
      byte[] gif = TestGif.encode(2, 2, 0, 0, 2, 2, bytes(3, 0, 2, 1), ramp, -1);

      DecodedImage image = ImageLoader.load(gif, "grey.gif");

      assertThat(image.mode()).isEqualTo(PixelMode.L);
      assertThat(image.samples()).containsExactly(bytes(3, 0, 2, 1));
    }
  }

  @Nested
  class Bmp {
    @Test
    void should_open_a_24_bit_bmp_as_rgb() {
      BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
      rgb.getRaster().setPixels(0, 0, 2, 1, new int[] {10, 20, 30, 200, 150, 100});

      DecodedImage image = ImageLoader.load(write(rgb, "bmp"), "x.bmp");

      assertThat(image.mode()).isEqualTo(PixelMode.RGB);
      assertThat(image.samples()).containsExactly(bytes(10, 20, 30, 200, 150, 100));
    }

    @Test
    void should_open_a_colour_palette_bmp_as_p() {
      BufferedImage indexed = indexedImage(new byte[] {3, 1}, 2, 1, sixteenColors());

      DecodedImage image = ImageLoader.load(write(indexed, "bmp"), "p.bmp");

      assertThat(image.mode()).isEqualTo(PixelMode.P);
      assertThat(image.toRgb().samples()).containsExactly(bytes(0x12, 0x34, 0x56, 255, 0, 0));
    }

    @Test
    void should_open_a_grey_ramp_palette_bmp_as_l_and_black_white_as_bilevel() {
      byte[] ramp = new byte[256];
      for (int i = 0; i < 256; i++) {
        ramp[i] = (byte) i;
      }
      BufferedImage grey = indexedImage(
          new byte[] {(byte) 200, 7}, 2, 1, new IndexColorModel(8, 256, ramp, ramp, ramp));
      BufferedImage bilevel = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY);
      bilevel.getRaster().setPixels(0, 0, 3, 1, new int[] {1, 0, 1});

      DecodedImage greyImage = ImageLoader.load(write(grey, "bmp"), "grey.bmp");
      DecodedImage bilevelImage = ImageLoader.load(write(bilevel, "bmp"), "bw.bmp");

      assertThat(greyImage.mode()).isEqualTo(PixelMode.L);
      assertThat(greyImage.samples()).containsExactly(bytes(200, 7));
      assertThat(bilevelImage.mode()).isEqualTo(PixelMode.BILEVEL);
      assertThat(bilevelImage.samples()).containsExactly(bytes(255, 0, 255));
    }
  }

  @Nested
  class Webp {
    private static final int A = 0xFF_C8_1E_3C;
    private static final int B = 0xFF_0A_DC_5A;

    @Test
    void should_open_a_lossless_webp_without_alpha_as_rgb() {
      byte[] webp = TestWebp.encode(3, 2, new int[] {A, B, A, B, A, B}, false);

      DecodedImage image = ImageLoader.load(webp, "x.webp");

      assertThat(image.mode()).isEqualTo(PixelMode.RGB);
      assertThat(image.samples()).containsExactly(bytes(
          0xC8, 0x1E, 0x3C, 0x0A, 0xDC, 0x5A, 0xC8, 0x1E, 0x3C,
          0x0A, 0xDC, 0x5A, 0xC8, 0x1E, 0x3C, 0x0A, 0xDC, 0x5A));
    }

    @Test
    void should_open_a_lossless_webp_with_alpha_as_rgba() {
      int halfTransparentB = 0x80_0A_DC_5A;
      byte[] webp = TestWebp.encode(2, 1, new int[] {A, halfTransparentB}, true);

      DecodedImage image = ImageLoader.load(webp, "alpha.webp");

      assertThat(image.mode()).isEqualTo(PixelMode.RGBA);
      assertThat(image.samples())
          .containsExactly(bytes(0xC8, 0x1E, 0x3C, 0xFF, 0x0A, 0xDC, 0x5A, 0x80));
    }
  }

  @Nested
  class Jpeg {
    @Test
    void should_open_a_grey_jpeg_as_l() {
      BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
      fill(grey.getRaster(), 0, 90);

      DecodedImage image = ImageLoader.load(write(grey, "jpeg"), "grey.jpg");

      assertThat(image.mode()).isEqualTo(PixelMode.L);
      assertThat(image.samples()).containsOnly((byte) 90);
    }

    @Test
    void should_open_a_four_component_jpeg_as_cmyk_with_adobe_inversion_undone()
        throws IOException {
      // A plain 4-component JPEG stores 20, 60, 120, 250; Pillow reads it as Adobe-inverted CMYK.
      WritableRaster raster = Raster.createInterleavedRaster(
          DataBuffer.TYPE_BYTE, 16, 16, 4, null);
      int[] stored = {20, 60, 120, 250};
      for (int b = 0; b < 4; b++) {
        fill(raster, b, stored[b]);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        writer.write(new IIOImage(raster, null, null));
      } finally {
        writer.dispose();
      }

      DecodedImage image = ImageLoader.load(out.toByteArray(), "cmyk.jpg");

      assertThat(image.mode()).isEqualTo(PixelMode.CMYK);
      byte[] samples = image.samples();
      for (int b = 0; b < 4; b++) {
        // lossy coding of a flat block may move a value by a level or two
        assertThat(samples[b] & 0xff).isCloseTo(255 - stored[b], offset(2));
      }
    }

    @Test
    void should_ignore_an_embedded_icc_profile_as_pillow_does() throws IOException {
      // given the same JPEG with a linear-RGB ICC profile, which ImageIO.read would apply
      byte[] jpeg = Files.readAllBytes(SOURCES.resolve("grace_hopper.jpg"));
      byte[] withProfile = withIccProfile(jpeg,
          ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());

      // when
      DecodedImage image = ImageLoader.load(withProfile, "linear.jpg");

      // then
      assertThat(image).isEqualTo(ImageLoader.load(jpeg, "plain.jpg"));
    }

    @Test
    void should_not_rotate_by_exif_orientation() throws IOException {
      byte[] jpeg = Files.readAllBytes(SOURCES.resolve("grace_hopper.jpg"));
      byte[] rotated = withExifOrientation(jpeg, 6);

      DecodedImage image = ImageLoader.load(rotated, "rotated.jpg");

      assertThat(image).isEqualTo(ImageLoader.load(jpeg, "upright.jpg"));
      assertThat(image.width()).isEqualTo(512);
      assertThat(image.height()).isEqualTo(600);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Black, red, green, 0x123456, then shades of blue, as a 4-bit colour table. */
  private static IndexColorModel sixteenColors() {
    byte[] r = new byte[16];
    byte[] g = new byte[16];
    byte[] b = new byte[16];
    r[1] = (byte) 255;
    g[2] = (byte) 255;
    r[3] = 0x12;
    g[3] = 0x34;
    b[3] = 0x56;
    for (int i = 4; i < 16; i++) {
      b[i] = (byte) (i * 16);
    }
    return new IndexColorModel(4, 16, r, g, b);
  }

  private static BufferedImage indexedImage(
      byte[] indices, int width, int height, IndexColorModel colors) {
    int type = colors.getMapSize() <= 16
        ? BufferedImage.TYPE_BYTE_BINARY
        : BufferedImage.TYPE_BYTE_INDEXED;
    BufferedImage image = new BufferedImage(width, height, type, colors);
    int[] values = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      values[i] = indices[i] & 0xff;
    }
    image.getRaster().setPixels(0, 0, width, height, values);
    return image;
  }

  /** Inserts an APP1 Exif segment with one Orientation tag right after SOI. */
  private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = bytes('M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, // Orientation, SHORT, 1 value
        0, 0, 0, 0); // no next IFD
    int length = 2 + 6 + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(bytes(0xFF, 0xE1, length >> 8, length & 0xff, 'E', 'x', 'i', 'f', 0, 0));
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** Inserts an APP2 ICC_PROFILE segment after the JFIF APP0 segment. */
  private static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
    int app0End = 4 + ((jpeg[4] & 0xff) << 8 | jpeg[5] & 0xff);
    int length = 2 + 12 + 2 + profile.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, app0End);
    out.writeBytes(bytes(0xFF, 0xE2, length >> 8, length & 0xff));
    out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes(1, 1)); // chunk 1 of 1
    out.writeBytes(profile);
    out.write(jpeg, app0End, jpeg.length - app0End);
    return out.toByteArray();
  }

  /** Cuts a single-IDAT PNG in the middle of its compressed data, fixing up the chunk length. */
  private static byte[] cutIdat(byte[] png) {
    int at = 8;
    while (!new String(png, at + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
      at += 12 + readBe32(png, at);
    }
    int half = readBe32(png, at) / 2;
    byte[] out = Arrays.copyOf(png, at + 8 + half);
    out[at] = (byte) (half >>> 24);
    out[at + 1] = (byte) (half >>> 16);
    out[at + 2] = (byte) (half >>> 8);
    out[at + 3] = (byte) half;
    return out;
  }

  private static int readBe32(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8
        | (b[at + 3] & 0xff);
  }

  private static byte[][] noiseRows(int width, int height) {
    Random random = new Random(11);
    byte[][] rows = new byte[height][width];
    for (byte[] row : rows) {
      random.nextBytes(row);
    }
    return rows;
  }

  private static void fill(WritableRaster raster, int band, int value) {
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        raster.setSample(x, y, band, value);
      }
    }
  }

  private static byte[] write(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new AssertionError("no ImageIO writer for " + format + " and " + image);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }
}
