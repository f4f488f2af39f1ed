package org.reactvl.examples.emoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmojiRendererTest {

  @TempDir Path cache;

  @Test
  void should_render_an_opaque_square_png_that_is_not_blank() throws IOException {
    // given
    EmojiRenderer renderer = new EmojiRenderer(cache, 64);
    SvgIcon dog = IconSet.load("twemoji").icon("dog-face").orElseThrow();

    // when
    Path png = renderer.render("twemoji", dog);

    // then
    assertThat(png).isEqualTo(cache.toAbsolutePath().resolve("twemoji/dog-face.png")).isRegularFile();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(64);
    assertThat(image.getColorModel().hasAlpha()).isFalse();
    assertThat(image.getRGB(0, 0) & 0xFFFFFF).as("white background in the corner").isEqualTo(0xFFFFFF);
    assertThat(nonWhiteFraction(image)).as("share of drawn pixels").isGreaterThan(0.3);
    assertThat(renderer.stats().rendered()).isEqualTo(1);
    try (var files = Files.list(png.getParent())) {
      assertThat(files).as("no temporary file left behind").containsExactly(png);
    }
  }

  @Test
  void should_reuse_the_cached_png_on_a_second_call() throws IOException {
    // given: one render, then the file's time set far in the past so a rewrite would show
    SvgIcon dog = IconSet.load("twemoji").icon("dog-face").orElseThrow();
    Path png = new EmojiRenderer(cache, 64).render("twemoji", dog);
    FileTime past = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(png, past);
    EmojiRenderer second = new EmojiRenderer(cache, 64);

    // when
    Path again = second.render("twemoji", dog);

    // then
    assertThat(again).isEqualTo(png);
    assertThat(Files.getLastModifiedTime(png)).isEqualTo(past);
    assertThat(second.stats()).isEqualTo(new RenderStats(0, 1, 0));
  }

  @Test
  void should_draw_monochrome_current_color_icons_in_black() {
    // given: Fluent high-contrast paints with fill="currentColor"
    SvgIcon dog = IconSet.load("fluent-emoji-high-contrast").icon("dog-face").orElseThrow();

    // when
    BufferedImage image = new EmojiRenderer(cache, 64).rasterize("fluent-emoji-high-contrast", dog);

    // then
    assertThat(nonWhiteFraction(image)).isGreaterThan(0.1);
  }

  @Test
  void should_reject_sizes_out_of_range() {
    assertThatThrownBy(() -> new EmojiRenderer(cache, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image size must be in 8..1024, but was 4");
  }

  private static double nonWhiteFraction(BufferedImage image) {
    int drawn = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          drawn++;
        }
      }
    }
    return drawn / (double) (image.getWidth() * image.getHeight());
  }
}
