package org.reactvl.core.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reactvl.core.CheckpointFormatException;

/**
 * Reads a {@link ClipConfig} from the two JSON forms users have: Hugging Face's {@code config.json}
 * ({@code CLIPConfig}, with transformers' defaults for absent fields) and open_clip's model configs
 * ({@code {"embed_dim", "vision_cfg", "text_cfg", "quick_gelu"}}, as in open_clip's
 * {@code model_configs/*.json}). The form is recognised by its keys.
 */
public final class ClipConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClipConfigJson() {}

  /**
   * Reads either form.
   *
   * @throws CheckpointFormatException if the file is unreadable or not a valid CLIP config
   */
  public static ClipConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointFormatException("config file '" + file + "' does not exist");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot parse '" + file + "' as JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointFormatException("'" + file + "' must hold a JSON object (a CLIP config)");
    }
    try {
      if (root.has("vision_cfg") || root.has("text_cfg")) {
        return openClip(root);
      }
      return huggingFace(root);
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException("invalid CLIP config '" + file + "': " + e.getMessage(), e);
    }
  }

  private static ClipConfig huggingFace(JsonNode root) {
    String type = root.path("model_type").asText("clip");
    if (!type.equals("clip")) {
      throw new IllegalArgumentException("model_type must be 'clip', but was '" + type + "'");
    }
    JsonNode v = root.path("vision_config");
    JsonNode t = root.path("text_config");
    if (v.path("num_channels").asInt(3) != 3) {
      throw new IllegalArgumentException("vision_config.num_channels must be 3, but was " + v.path("num_channels"));
    }
    ClipConfig.Vision vision =
        new ClipConfig.Vision(
            v.path("image_size").asInt(224), v.path("patch_size").asInt(32), v.path("hidden_size").asInt(768),
            v.path("num_hidden_layers").asInt(12), v.path("num_attention_heads").asInt(12), v.path("intermediate_size").asInt(3072),
            Activation.fromHuggingFace(v.path("hidden_act").asText("quick_gelu")), v.path("layer_norm_eps").asDouble(1e-5));
    int eos = t.path("eos_token_id").asInt(2);
    ClipConfig.Text text =
        new ClipConfig.Text(
            t.path("max_position_embeddings").asInt(77), t.path("vocab_size").asInt(49408), t.path("hidden_size").asInt(512),
            t.path("num_hidden_layers").asInt(12), t.path("num_attention_heads").asInt(8), t.path("intermediate_size").asInt(2048),
            Activation.fromHuggingFace(t.path("hidden_act").asText("quick_gelu")), t.path("layer_norm_eps").asDouble(1e-5),
            // transformers pools at the largest id when eos_token_id is the legacy 2, as OpenAI's argmax.
            eos == 2 ? -1 : eos);
    return new ClipConfig(root.path("projection_dim").asInt(512), vision, text);
  }

  private static ClipConfig openClip(JsonNode root) {
    JsonNode v = root.path("vision_cfg");
    JsonNode t = root.path("text_cfg");
    Activation act = root.path("quick_gelu").asBoolean(false) ? Activation.QUICK_GELU : Activation.GELU;
    int vWidth = v.path("width").asInt(768);
    int headWidth = v.path("head_width").asInt(64);
    if (headWidth <= 0 || vWidth % headWidth != 0) {
      throw new IllegalArgumentException("vision_cfg.head_width must divide the width " + vWidth + ", but was " + headWidth);
    }
    ClipConfig.Vision vision =
        new ClipConfig.Vision(
            v.path("image_size").asInt(224), v.path("patch_size").asInt(16), vWidth, v.path("layers").asInt(12), vWidth / headWidth,
            (int) (vWidth * v.path("mlp_ratio").asDouble(4.0)), act, ClipConfig.DEFAULT_LAYER_NORM_EPS);
    int tWidth = t.path("width").asInt(512);
    ClipConfig.Text text =
        new ClipConfig.Text(
            t.path("context_length").asInt(77), t.path("vocab_size").asInt(49408), tWidth, t.path("layers").asInt(12),
            t.path("heads").asInt(8), (int) (tWidth * t.path("mlp_ratio").asDouble(4.0)), act, ClipConfig.DEFAULT_LAYER_NORM_EPS,
            ClipConfig.CLIP_EOT);
    if (!root.has("embed_dim")) {
      throw new IllegalArgumentException("embed_dim is required in an open_clip model config");
    }
    return new ClipConfig(root.path("embed_dim").asInt(), vision, text);
  }
}
