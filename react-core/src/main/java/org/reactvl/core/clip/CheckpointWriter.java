package org.reactvl.core.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.DType;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.SafetensorsWriter;

/**
 * Writes CLIP weights in the layouts {@link CheckpointLoader} reads: a Hugging Face folder
 * ({@code config.json} + {@code model.safetensors}, loadable by transformers' {@code CLIPModel}) or an
 * open_clip/OpenAI-layout safetensors file. Files are written atomically.
 */
public final class CheckpointWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckpointWriter() {}

  /**
   * Writes a Hugging Face model folder.
   *
   * @param dtype F32, or F16/BF16 to halve the file (weights are rounded to nearest even)
   */
  public static void writeHuggingFace(ClipWeights weights, Path folder, DType dtype) {
    Map<String, FloatTensor> out = new TreeMap<>();
    for (Map.Entry<String, CheckpointLoader.Source> e : CheckpointLoader.huggingFaceSources(weights.config()).entrySet()) {
      INDArray a = weights.get(e.getKey());
      CheckpointLoader.Source src = e.getValue();
      switch (src.transform()) {
        case IDENTITY -> out.put(src.names().get(0), tensor(a));
        case TRANSPOSE -> out.put(src.names().get(0), tensor(a.transpose()));
        case CONCAT_ROWS -> {
          long rows = a.size(0) / src.names().size();
          for (int i = 0; i < src.names().size(); i++) {
            out.put(src.names().get(i), tensor(a.get(NDArrayIndex.interval(i * rows, (i + 1) * rows))));
          }
        }
      }
    }
    try {
      Files.createDirectories(folder);
      SafetensorsWriter.write(folder.resolve("model.safetensors"), out, Map.of(), dtype);
      AtomicFiles.write(folder.resolve("config.json"), stream -> JSON.writeValue(stream, huggingFaceConfig(weights.config(), dtype)));
    } catch (IOException e) {
      throw new ReactException("cannot write model folder '" + folder + "': " + e.getMessage(), e);
    }
  }

  /** Writes an open_clip/OpenAI-layout safetensors file (OpenAI's tensor names). */
  public static void writeOpenClip(ClipWeights weights, Path file, DType dtype) {
    Map<String, FloatTensor> out = new TreeMap<>();
    weights.all().forEach((name, a) -> out.put(name, tensor(a)));
    SafetensorsWriter.write(file, out, Map.of(), dtype);
  }

  private static FloatTensor tensor(INDArray a) {
    INDArray c = a.dup('c');
    return new FloatTensor(c.shape(), c.data().asFloat());
  }

  /** A {@code CLIPConfig} JSON with every field transformers needs. */
  static ObjectNode huggingFaceConfig(ClipConfig c, DType dtype) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("architectures").add("CLIPModel");
    root.put("model_type", "clip");
    root.put("projection_dim", c.embedDim());
    root.put("logit_scale_init_value", 2.6592);
    String torchDtype = switch (dtype) {
      case F16 -> "float16";
      case BF16 -> "bfloat16";
      default -> "float32";
    };
    ClipConfig.Text t = c.text();
    ObjectNode text = root.putObject("text_config");
    text.put("model_type", "clip_text_model");
    text.put("vocab_size", t.vocabSize());
    text.put("hidden_size", t.width());
    text.put("intermediate_size", t.mlpWidth());
    text.put("projection_dim", c.embedDim());
    text.put("num_hidden_layers", t.layers());
    text.put("num_attention_heads", t.heads());
    text.put("max_position_embeddings", t.contextLength());
    text.put("hidden_act", t.activation().huggingFaceName());
    text.put("layer_norm_eps", t.layerNormEps());
    text.put("bos_token_id", 49406);
    text.put("eos_token_id", t.eotTokenId() < 0 ? 2 : t.eotTokenId());
    text.put("pad_token_id", 1);
    ClipConfig.Vision v = c.vision();
    ObjectNode vision = root.putObject("vision_config");
    vision.put("model_type", "clip_vision_model");
    vision.put("hidden_size", v.width());
    vision.put("intermediate_size", v.mlpWidth());
    vision.put("projection_dim", c.embedDim());
    vision.put("num_hidden_layers", v.layers());
    vision.put("num_attention_heads", v.heads());
    vision.put("num_channels", 3);
    vision.put("image_size", v.imageSize());
    vision.put("patch_size", v.patchSize());
    vision.put("hidden_act", v.activation().huggingFaceName());
    vision.put("layer_norm_eps", v.layerNormEps());
    root.put("torch_dtype", torchDtype);
    return root;
  }
}
