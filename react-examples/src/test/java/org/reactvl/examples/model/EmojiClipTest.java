package org.reactvl.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reactvl.core.clip.ClipModel;

class EmojiClipTest {

  @Test
  void should_describe_the_shipped_default_model() {
    try (ClipModel model = DefaultModel.load()) {
      assertThat(model.config()).isEqualTo(EmojiClip.small());
    }
  }
}
