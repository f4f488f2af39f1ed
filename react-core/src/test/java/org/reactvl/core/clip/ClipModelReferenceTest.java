package org.reactvl.core.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.core.Fixtures.clipReference;
import static org.reactvl.core.Fixtures.npy;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.Fixtures;

/**
 * Config A of the reference fixtures (written by OpenAI's own CLIP code), loaded through both file
 * layouts: features, logits and every per-layer activation within 1e-5.
 */
class ClipModelReferenceTest {
  private static final double TOL = 1e-5;
  private static ClipModel hf;
  private static ClipModel openClip;
  private static INDArray images;
  private static int[][] tokens;

  @BeforeAll
  static void load() {
    Path dir = clipReference("models", "config_A");
    hf = ClipModel.load(dir.resolve("hf"));
    openClip = ClipModel.load(dir.resolve("openai_clip.safetensors"), openClipConfigA());
    images = npy(dir.resolve("input_images.npy"));
    tokens = Fixtures.intRows(dir.resolve("input_tokens.npy"));
  }

  /** Config A as an open_clip model config (its text tower has 2 heads of width 32, not width / 64). */
  static ClipConfig openClipConfigA() {
    try {
      return ClipConfigJson.read(Path.of(ClipModelReferenceTest.class.getResource("config_A.open_clip.json").toURI()));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void close() {
    hf.close();
    openClip.close();
  }

  static Stream<Arguments> models() {
    return Stream.of(Arguments.of("hf"), Arguments.of("open_clip"));
  }

  private static ClipModel model(String layout) {
    return layout.equals("hf") ? hf : openClip;
  }

  private static INDArray expected(String file) {
    return npy(clipReference("models", "config_A", file));
  }

  private static void assertClose(INDArray actual, INDArray expected, String what) {
    assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
    double maxDiff = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(maxDiff).as(what + " max abs diff").isLessThanOrEqualTo(TOL);
  }

  @Test
  void should_read_the_same_config_from_both_layouts() {
    assertThat(hf.config()).isEqualTo(openClip.config());
    assertThat(hf.config().vision().heads()).isEqualTo(2);
    assertThat(hf.config().text().heads()).isEqualTo(2);
    assertThat(hf.fingerprint()).isEqualTo(openClip.fingerprint());
  }

  @ParameterizedTest
  @MethodSource("models")
  void should_match_openai_image_features(String layout) {
    assertClose(model(layout).encodeImages(images), expected("expected_encode_image.npy"), "encode_image");
  }

  @ParameterizedTest
  @MethodSource("models")
  void should_match_openai_text_features(String layout) {
    assertClose(model(layout).encodeTokens(tokens), expected("expected_encode_text.npy"), "encode_text");
  }

  @Test
  void should_pool_the_same_states_on_shortened_sequences() {
    // Short captions only (rows 0-1 end by position 8): encodeTokens runs them on 16 positions,
    // traceText on all 77; causal attention makes the pooled states agree.
    int[][] shortRows = {tokens[0], tokens[1], tokens[2]};
    INDArray shortened = hf.encodeTokens(shortRows);
    INDArray full = hf.traceText(shortRows).get("text_embeds");
    assertThat(shortened.sub(full).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-6);
  }

  @ParameterizedTest
  @MethodSource("models")
  void should_match_openai_logits(String layout) {
    ClipModel m = model(layout);
    INDArray logits = m.logits(m.encodeImages(images), m.encodeTokens(tokens));
    assertClose(logits, expected("expected_logits_per_image.npy"), "logits_per_image");
    assertClose(logits.transpose(), expected("expected_logits_per_text.npy"), "logits_per_text");
  }

  @ParameterizedTest
  @MethodSource("models")
  void should_match_every_debug_activation(String layout) {
    ClipModel m = model(layout);
    Map<String, INDArray> vision = m.traceImage(images);
    Map<String, INDArray> text = m.traceText(tokens);
    for (String name : new String[] {"vision_ln_pre_out", "vision_block0_out", "vision_block1_out", "vision_block2_out", "vision_ln_post_out"}) {
      assertClose(vision.get(name), expected("debug/" + name + ".npy"), name);
    }
    for (String name : new String[] {"text_embed_out", "text_block0_out", "text_block1_out", "text_ln_final_out"}) {
      assertClose(text.get(name), expected("debug/" + name + ".npy"), name);
    }
  }
}
