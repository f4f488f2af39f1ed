package org.reactvl.examples.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.CheckpointWriter;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.io.DType;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.examples.emoji.SetLicense;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.TuningStrategy;

class PretrainingTest {
  private static final SetLicense LICENSE = new SetLicense("test", "tests", "https://example.org", "MIT", "Test", "https://example.org");

  @TempDir Path dir;

  @Test
  void should_make_one_pair_per_caption_with_unique_ids() throws IOException {
    List<EmojiImage> images = images(2);

    PairDataset data = Pretraining.dataset(images, EmojiClip.IMAGE_SIZE);

    assertThat(data.size()).isEqualTo(4);
    assertThat(data.id(0)).isEqualTo("fam/icon-0#0");
    assertThat(data.id(1)).isEqualTo("fam/icon-0#1");
    assertThat(data.captions()).containsExactly("red circle", "red circle: shape, red", "blue circle", "blue circle: shape, blue");
    assertThat(data.imageSize()).isEqualTo(EmojiClip.IMAGE_SIZE);
  }

  @Test
  void should_refuse_an_empty_pool() {
    assertThatThrownBy(() -> Pretraining.dataset(List.of(), EmojiClip.IMAGE_SIZE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the pre-training pool must not be empty");
  }

  @Test
  void should_train_every_weight_and_round_trip_through_a_float16_folder() throws IOException {
    PairDataset data = Pretraining.dataset(images(4), EmojiClip.IMAGE_SIZE);
    try (ClipModel initial = Pretraining.initial(EmojiClip.small(), 3)) {
      INDArray pixels = data.pixels(new int[] {0, 2});
      INDArray before = initial.encodeImages(pixels);

      CustomizationResult result = Pretraining.customizer(initial, b -> b.steps(2).batchSize(4).warmupSteps(0)).fit(data);

      assertThat(result.strategy()).isEqualTo(TuningStrategy.FULL);
      assertThat(result.report().completed()).isTrue();
      try (ClipModel trained = Pretraining.trained(result)) {
        INDArray after = trained.encodeImages(pixels);
        assertThat(after.equalsWithEps(before, 1e-4)).as("training changed the image tower").isFalse();
        CheckpointWriter.writeHuggingFace(result.weights().orElseThrow(), dir.resolve("model"), DType.F16);
        try (ClipModel reloaded = ClipModel.load(dir.resolve("model"))) {
          assertThat(reloaded.config()).isEqualTo(EmojiClip.small());
          INDArray half = reloaded.encodeImages(pixels);
          double relative = half.sub(after).norm2Number().doubleValue() / after.norm2Number().doubleValue();
          assertThat(relative).as("float16 rounding error").isLessThan(1e-2);
        }
      }
    }
  }

  private List<EmojiImage> images(int count) throws IOException {
    List<EmojiImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String colour = i % 2 == 0 ? "red" : "blue";
      BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 64, 64);
      g.setColor(i % 2 == 0 ? Color.RED : Color.BLUE);
      g.fillOval(8 + i, 8, 40, 40);
      g.dispose();
      Path png = dir.resolve("icon-" + i + ".png");
      ImageIO.write(image, "png", png.toFile());
      out.add(new EmojiImage("fam/icon-" + i, "fam", "icon-" + i, png, List.of(colour + " circle", colour + " circle: shape, " + colour), LICENSE, Optional.empty()));
    }
    return out;
  }
}
