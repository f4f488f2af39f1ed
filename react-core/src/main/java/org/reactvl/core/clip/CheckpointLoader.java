package org.reactvl.core.clip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.gated.GatedNames;
import org.reactvl.core.io.SafetensorsReader;
import org.reactvl.core.io.TensorInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads CLIP weights from the two layouts users download:
 *
 * <ul>
 *   <li><b>Hugging Face</b>: a folder with {@code config.json} (a {@code CLIPConfig}) and
 *       {@code model.safetensors}; q/k/v projections separate, {@code pre_layrnorm}, projections as
 *       bias-free Linear weights {@code [embed, width]}.
 *   <li><b>open_clip / OpenAI</b>: one {@code .safetensors} file with OpenAI's key names
 *       ({@code visual.transformer.resblocks.N.attn.in_proj_weight}, ...). Its config comes from an
 *       architecture name ({@link ClipArchitectures}) or, when none is given, from the tensor shapes
 *       the way OpenAI's {@code build_model} derives it (heads = width / 64, QuickGELU).
 * </ul>
 *
 * Every tensor the config needs must be present with the right shape, and every tensor in the file
 * must be used: a missing, unexpected or mis-shaped tensor fails with a {@link CheckpointFormatException}
 * naming it and both shapes. F16/BF16 weights are widened to float32. Tensors of REACT gated blocks
 * ({@code *.gated_attn_block.*}) found in an open_clip file are left for
 * {@link org.reactvl.core.gated.GatedModule#load}.
 */
public final class CheckpointLoader {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointLoader.class);
  private static final Pattern RESBLOCK = Pattern.compile("^(visual\\.)?transformer\\.resblocks\\.(\\d+)\\.");
  /** Buffers some exporters write that carry no weights. */
  private static final Set<String> IGNORED =
      Set.of(
          "text_model.embeddings.position_ids", "vision_model.embeddings.position_ids", "attn_mask", "input_resolution",
          "context_length", "vocab_size");

  private CheckpointLoader() {}

  /**
   * Loads a Hugging Face folder or an open_clip safetensors file, whichever {@code path} is; the
   * config of an open_clip file is inferred from its shapes.
   */
  public static ClipWeights load(Path path) {
    return Files.isDirectory(path) ? loadHuggingFace(path) : loadOpenClip(path, null);
  }

  /** Loads a Hugging Face model folder ({@code config.json} + {@code model.safetensors}). */
  public static ClipWeights loadHuggingFace(Path folder) {
    Path configFile = folder.resolve("config.json");
    Path weightsFile = folder.resolve("model.safetensors");
    if (!Files.isRegularFile(configFile)) {
      throw new CheckpointFormatException("Hugging Face model folder '" + folder + "' must contain config.json, but it does not");
    }
    if (!Files.isRegularFile(weightsFile)) {
      throw new CheckpointFormatException(
          "Hugging Face model folder '" + folder + "' must contain model.safetensors, but it does not"
              + (Files.exists(folder.resolve("pytorch_model.bin")) ? " (pytorch_model.bin is not supported: convert it to safetensors)" : ""));
    }
    ClipConfig config = ClipConfigJson.read(configFile);
    try (SafetensorsReader st = SafetensorsReader.open(weightsFile)) {
      return read(st, config, huggingFaceSources(config), "config.json");
    }
  }

  /**
   * Loads an open_clip/OpenAI-layout safetensors file.
   *
   * @param config the architecture, or null to infer it from the tensor shapes
   */
  public static ClipWeights loadOpenClip(Path file, ClipConfig config) {
    try (SafetensorsReader st = SafetensorsReader.open(file)) {
      if (st.contains("vision_model.embeddings.class_embedding")) {
        throw new CheckpointFormatException(
            "'" + file + "' holds Hugging Face tensor names: load its folder (config.json + model.safetensors) instead");
      }
      ClipConfig c = config != null ? config : inferOpenAiConfig(st);
      Map<String, Source> sources = new LinkedHashMap<>();
      for (String name : ClipWeights.expectedShapes(c).keySet()) {
        sources.put(name, new Source(List.of(name), Transform.IDENTITY));
      }
      return read(st, c, sources, config != null ? "the architecture" : "the inferred config");
    }
  }

  /** Derives the config from an OpenAI-layout file's shapes, as OpenAI's {@code build_model} does. */
  static ClipConfig inferOpenAiConfig(SafetensorsReader st) {
    long[] conv = shape(st, "visual.conv1.weight");
    long[] vpos = shape(st, "visual.positional_embedding");
    long[] fc = shape(st, "visual.transformer.resblocks.0.mlp.c_fc.weight");
    long[] proj = shape(st, "text_projection");
    long[] tpos = shape(st, "positional_embedding");
    long[] tok = shape(st, "token_embedding.weight");
    long[] lnFinal = shape(st, "ln_final.weight");
    long[] tfc = shape(st, "transformer.resblocks.0.mlp.c_fc.weight");
    int visionWidth = (int) conv[0];
    int patch = (int) conv[3];
    int grid = (int) Math.round(Math.sqrt(vpos[0] - 1));
    if (grid * grid + 1 != vpos[0]) {
      throw new CheckpointFormatException(
          "visual.positional_embedding in '" + st.path() + "' must have grid*grid+1 rows, but has " + vpos[0]);
    }
    int textWidth = (int) lnFinal[0];
    if (visionWidth % 64 != 0 || textWidth % 64 != 0) {
      throw new CheckpointFormatException(
          "cannot infer head counts for '" + st.path() + "' (widths " + visionWidth + ", " + textWidth
              + " are not multiples of 64): pass the architecture (--arch)");
    }
    ClipConfig.Vision v =
        new ClipConfig.Vision(
            grid * patch, patch, visionWidth, countLayers(st, "visual.transformer.resblocks."), visionWidth / 64, (int) fc[0],
            Activation.QUICK_GELU, ClipConfig.DEFAULT_LAYER_NORM_EPS);
    ClipConfig.Text t =
        new ClipConfig.Text(
            (int) tpos[0], (int) tok[0], textWidth, countLayers(st, "transformer.resblocks."), textWidth / 64, (int) tfc[0],
            Activation.QUICK_GELU, ClipConfig.DEFAULT_LAYER_NORM_EPS, ClipConfig.CLIP_EOT);
    return new ClipConfig((int) proj[1], v, t);
  }

  private static int countLayers(SafetensorsReader st, String prefix) {
    Set<Integer> layers = new HashSet<>();
    for (String name : st.tensors().keySet()) {
      Matcher m = RESBLOCK.matcher(name);
      if (m.find() && name.startsWith(prefix) && !GatedNames.isGated(name)) {
        layers.add(Integer.parseInt(m.group(2)));
      }
    }
    if (layers.isEmpty()) {
      throw new CheckpointFormatException("'" + (st.path()) + "' has no tensors named " + prefix + "N.*");
    }
    return layers.size();
  }

  private static long[] shape(SafetensorsReader st, String name) {
    if (!st.contains(name)) {
      throw new CheckpointFormatException(
          "tensor '" + name + "' is missing from '" + st.path() + "' (is it an open_clip/OpenAI CLIP checkpoint?)");
    }
    return st.info(name).shape();
  }

  enum Transform {
    IDENTITY,
    /** Rows of several source tensors stacked: Hugging Face's q, k, v into OpenAI's in_proj. */
    CONCAT_ROWS,
    /** A Linear weight [out, in] used as a right-multiplied projection [in, out]. */
    TRANSPOSE
  }

  record Source(List<String> names, Transform transform) {}

  static Map<String, Source> huggingFaceSources(ClipConfig config) {
    Map<String, Source> s = new LinkedHashMap<>();
    s.put("visual.class_embedding", one("vision_model.embeddings.class_embedding"));
    s.put("visual.conv1.weight", one("vision_model.embeddings.patch_embedding.weight"));
    s.put("visual.positional_embedding", one("vision_model.embeddings.position_embedding.weight"));
    s.put("visual.ln_pre.weight", one("vision_model.pre_layrnorm.weight"));
    s.put("visual.ln_pre.bias", one("vision_model.pre_layrnorm.bias"));
    for (int i = 0; i < config.vision().layers(); i++) {
      hfBlock(s, "visual.transformer.resblocks." + i + ".", "vision_model.encoder.layers." + i + ".");
    }
    s.put("visual.ln_post.weight", one("vision_model.post_layernorm.weight"));
    s.put("visual.ln_post.bias", one("vision_model.post_layernorm.bias"));
    s.put("visual.proj", new Source(List.of("visual_projection.weight"), Transform.TRANSPOSE));
    s.put("token_embedding.weight", one("text_model.embeddings.token_embedding.weight"));
    s.put("positional_embedding", one("text_model.embeddings.position_embedding.weight"));
    for (int i = 0; i < config.text().layers(); i++) {
      hfBlock(s, "transformer.resblocks." + i + ".", "text_model.encoder.layers." + i + ".");
    }
    s.put("ln_final.weight", one("text_model.final_layer_norm.weight"));
    s.put("ln_final.bias", one("text_model.final_layer_norm.bias"));
    s.put("text_projection", new Source(List.of("text_projection.weight"), Transform.TRANSPOSE));
    s.put(ClipWeights.LOGIT_SCALE, one(ClipWeights.LOGIT_SCALE));
    return s;
  }

  private static void hfBlock(Map<String, Source> s, String to, String from) {
    s.put(to + "ln_1.weight", one(from + "layer_norm1.weight"));
    s.put(to + "ln_1.bias", one(from + "layer_norm1.bias"));
    s.put(to + "attn.in_proj_weight", qkv(from, "weight"));
    s.put(to + "attn.in_proj_bias", qkv(from, "bias"));
    s.put(to + "attn.out_proj.weight", one(from + "self_attn.out_proj.weight"));
    s.put(to + "attn.out_proj.bias", one(from + "self_attn.out_proj.bias"));
    s.put(to + "ln_2.weight", one(from + "layer_norm2.weight"));
    s.put(to + "ln_2.bias", one(from + "layer_norm2.bias"));
    s.put(to + "mlp.c_fc.weight", one(from + "mlp.fc1.weight"));
    s.put(to + "mlp.c_fc.bias", one(from + "mlp.fc1.bias"));
    s.put(to + "mlp.c_proj.weight", one(from + "mlp.fc2.weight"));
    s.put(to + "mlp.c_proj.bias", one(from + "mlp.fc2.bias"));
  }

  private static Source one(String name) {
    return new Source(List.of(name), Transform.IDENTITY);
  }

  private static Source qkv(String from, String kind) {
    return new Source(
        List.of(from + "self_attn.q_proj." + kind, from + "self_attn.k_proj." + kind, from + "self_attn.v_proj." + kind),
        Transform.CONCAT_ROWS);
  }

  private static ClipWeights read(SafetensorsReader st, ClipConfig config, Map<String, Source> sources, String configOrigin) {
    Map<String, long[]> expected = ClipWeights.expectedShapes(config);
    Set<String> used = new HashSet<>();
    // Check everything before reading anything, so a bad file fails fast with the first problem.
    for (Map.Entry<String, Source> e : sources.entrySet()) {
      long[] want = expected.get(e.getKey());
      Source src = e.getValue();
      for (String name : src.names()) {
        if (!st.contains(name)) {
          throw new CheckpointFormatException(
              "tensor '" + name + "' " + Arrays.toString(sourceShape(want, src)) + " is missing from '" + st.path() + "'");
        }
        long[] have = st.info(name).shape();
        long[] need = sourceShape(want, src);
        if (!Arrays.equals(have, need)) {
          throw new CheckpointFormatException(
              "tensor '" + name + "' in '" + st.path() + "' must have shape " + Arrays.toString(need) + " (from " + configOrigin
                  + "), but has " + Arrays.toString(have));
        }
        used.add(name);
      }
    }
    List<String> unexpected = new ArrayList<>();
    boolean gated = false;
    for (TensorInfo t : st.tensors().values()) {
      if (used.contains(t.name()) || IGNORED.contains(t.name())) {
        continue;
      }
      if (GatedNames.isGated(t.name())) {
        gated = true;
        continue;
      }
      unexpected.add(t.name() + " " + t.shapeString());
    }
    if (!unexpected.isEmpty()) {
      throw new CheckpointFormatException(
          unexpected.size() + " unexpected tensor(s) in '" + st.path() + "' for a CLIP with " + configOrigin + ": "
              + String.join(", ", unexpected.subList(0, Math.min(8, unexpected.size())))
              + (unexpected.size() > 8 ? ", ..." : ""));
    }
    if (gated) {
      LOG.info("'{}' also holds REACT gated blocks; load them with GatedModule.loadReleased", st.path());
    }
    Map<String, INDArray> out = new HashMap<>();
    for (Map.Entry<String, Source> e : sources.entrySet()) {
      out.put(e.getKey(), readTensor(st, expected.get(e.getKey()), e.getValue()));
    }
    return new ClipWeights(config, out);
  }

  private static long[] sourceShape(long[] want, Source src) {
    return switch (src.transform()) {
      case IDENTITY -> want;
      case TRANSPOSE -> new long[] {want[1], want[0]};
      case CONCAT_ROWS -> {
        long[] s = want.clone();
        s[0] = want[0] / src.names().size();
        yield s;
      }
    };
  }

  private static INDArray readTensor(SafetensorsReader st, long[] shape, Source src) {
    return switch (src.transform()) {
      case IDENTITY, CONCAT_ROWS -> {
        INDArray a = Nd4j.create(DataType.FLOAT, shape, 'c');
        var buf = a.data().asNioFloat();
        for (String name : src.names()) {
          st.readFloats(name, buf);
        }
        yield a;
      }
      case TRANSPOSE -> {
        INDArray a = Nd4j.create(DataType.FLOAT, new long[] {shape[1], shape[0]}, 'c');
        st.readFloats(src.names().get(0), a.data().asNioFloat());
        yield a.transpose().dup('c');
      }
    };
  }
}
