package org.reactvl.core.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reactvl.core.Fixtures.clipReference;
import static org.reactvl.core.Fixtures.npy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.text.PromptTemplates;

class ZeroShotClassifierTest {
  private static final List<String> CLASSES = List.of("cat", "dog", "neural network");
  private static ClipModel clip;
  private static ClipTokenizer tokenizer;

  @BeforeAll
  static void load() {
    clip = ClipModel.load(clipReference("models", "config_A", "hf"));
    tokenizer = ClipTokenizer.load();
  }

  @AfterAll
  static void close() {
    clip.close();
  }

  @Test
  void should_average_normalised_template_embeddings_per_class() {
    PromptTemplates templates = new PromptTemplates("two", List.of("a photo of a {}.", "a drawing of a {}."));
    ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, CLASSES, templates);
    // By hand for "dog": mean of the two normalised prompt embeddings, normalised again.
    INDArray prompts = ClipModel.normalizeRows(clip.encodeTokens(tokenizer.tokenize(templates.fill("dog"))));
    INDArray mean = prompts.mean(0).reshape(1, -1);
    INDArray expected = ClipModel.normalizeRows(mean);
    INDArray actual = zs.classWeights().getRow(1).reshape(1, -1);
    assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
    for (double n : zs.classWeights().norm2(1).toDoubleVector()) {
      assertThat(n).isCloseTo(1.0, Offset.offset(1e-5));
    }
  }

  @Test
  void should_rank_classes_by_probability_with_clip_logits() {
    ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, CLASSES, PromptTemplates.simple());
    INDArray images = clip.encodeImages(npy(clipReference("models", "config_A", "input_images.npy")));
    List<List<ZeroShotClassifier.Prediction>> top = zs.classify(images, 2);
    assertThat(top).hasSize(8);
    INDArray logits = zs.logits(images);
    for (int i = 0; i < top.size(); i++) {
      List<ZeroShotClassifier.Prediction> row = top.get(i);
      assertThat(row).hasSize(2);
      assertThat(row.get(0).probability()).isGreaterThanOrEqualTo(row.get(1).probability());
      assertThat(row.get(0).classIndex()).isEqualTo(logits.getRow(i).argMax().getInt(0));
      assertThat(row.get(0).label()).isEqualTo(CLASSES.get(row.get(0).classIndex()));
    }
    // Logits are exp(logit_scale) x cosine, as CLIP's.
    double scale = Math.exp(clip.logitScale());
    assertThat(logits.amaxNumber().doubleValue()).isLessThanOrEqualTo(scale + 1e-4);
  }

  @Test
  void should_refuse_empty_blank_and_duplicate_class_names() {
    assertThatThrownBy(() -> ZeroShotClassifier.build(clip, tokenizer, List.of(), PromptTemplates.simple()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("class names must not be empty");
    assertThatThrownBy(() -> ZeroShotClassifier.build(clip, tokenizer, List.of("cat", " "), PromptTemplates.simple()))
        .hasMessage("class names must not be blank, but one was ' '");
    assertThatThrownBy(() -> ZeroShotClassifier.build(clip, tokenizer, List.of("cat", "cat"), PromptTemplates.simple()))
        .hasMessage("class names must be unique, but 'cat' appears twice");
  }

  @Test
  void should_refuse_features_of_another_width() {
    ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, CLASSES, PromptTemplates.simple());
    assertThatThrownBy(() -> zs.logits(org.nd4j.linalg.factory.Nd4j.zeros(2, 7)))
        .hasMessage("image features must have shape [N, 32], but had [2, 7]");
  }
}
