package org.reactvl.modules.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.ImageFormatException;
import org.reactvl.core.image.ImagePreprocessor;

class PairDatasetTest {
  @Test
  void should_reject_duplicate_ids_and_missing_captions() {
    assertThatThrownBy(() -> PairDataset.ofPixels(List.of("a", "a"), Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 4), List.of("x", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("example ids must be unique, but 'a' appears twice");
    assertThatThrownBy(() -> PairDataset.ofPixels(List.of("a", "b"), Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 4), List.of("x", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("caption of example 'b' must not be blank");
    assertThatThrownBy(() -> PairDataset.ofPixels(List.of("a"), Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 4), List.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pixels must have shape [1, 3, S, S], but had [2, 3, 4, 4]");
  }

  @Test
  void should_name_the_pair_whose_image_cannot_be_read() {
    PairDataset data = PairDataset.of(List.of(new TrainingExample("cat-1", Path.of("no-such-image.png"), "a cat")), ImagePreprocessor.builder().size(16).build());
    assertThat(data.imageSize()).isEqualTo(16);
    assertThatThrownBy(() -> data.pixels(new int[] {0}))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("image of pair 'cat-1'");
  }
}
