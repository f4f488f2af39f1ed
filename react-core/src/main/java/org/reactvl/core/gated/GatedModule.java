package org.reactvl.core.gated;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipGraphBuilder;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.io.DType;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.SafetensorsReader;
import org.reactvl.core.io.SafetensorsWriter;

/**
 * The weights of REACT's gated blocks: one full pre-norm transformer block before each of a set of
 * vision layers, whose attention and MLP branches are scaled by {@code tanh(alpha_attn)} and
 * {@code tanh(alpha_dense)}. With every alpha at 0 the customized model computes exactly what the
 * base model computes.
 *
 * <p>Tensors are named as in REACT's released checkpoints,
 * {@code visual.transformer.resblocks.N.gated_attn_block.{ln_1, attn.in_proj_weight, ..., alpha_attn,
 * alpha_dense}}, with 0-d alphas; {@link #load} and {@link #save} read and write that naming, so modules
 * move between this library and REACT's Python code. A module is attached to a model with
 * {@code ClipModel.withModule}; it never modifies the base model.
 *
 * <p>Immutable and thread-safe; the arrays are shared, never modified.
 */
public final class GatedModule {
  private static final Pattern KEY = Pattern.compile("^visual\\.transformer\\.resblocks\\.(\\d+)\\.gated_attn_block\\.(.+)$");

  private final ClipConfig config;
  private final SortedSet<Integer> layers;
  private final Map<String, INDArray> tensors;

  private GatedModule(ClipConfig config, SortedSet<Integer> layers, Map<String, INDArray> tensors) {
    this.config = config;
    this.layers = Collections.unmodifiableSortedSet(layers);
    this.tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
  }

  /**
   * Wraps gated-block tensors in REACT's naming after checking them against the base config: every
   * block complete, shapes equal to the base's vision blocks, alphas 0-d.
   *
   * @throws IllegalArgumentException naming a missing, unexpected or mis-shaped tensor
   */
  public static GatedModule of(ClipConfig config, Map<String, INDArray> tensors) {
    SortedSet<Integer> layers = new TreeSet<>();
    for (String name : tensors.keySet()) {
      Matcher m = KEY.matcher(name);
      checkArgument(m.matches(), "tensor '%s' is not a gated-block tensor (visual.transformer.resblocks.N.gated_attn_block.*)", name);
      int layer = Integer.parseInt(m.group(1));
      checkArgument(
          layer < config.vision().layers(),
          "gated block layer must be below the %s vision layers, but tensor '%s' names layer %s",
          config.vision().layers(), name, layer);
      layers.add(layer);
    }
    checkArgument(!layers.isEmpty(), "a gated module must have at least one block, but no tensors were given");
    Map<String, long[]> expected = new LinkedHashMap<>();
    for (int layer : layers) {
      expected.putAll(blockShapes(config, layer));
    }
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      INDArray a = tensors.get(e.getKey());
      checkArgument(a != null, "gated tensor '%s' %s is missing", e.getKey(), Arrays.toString(e.getValue()));
      checkArgument(
          Arrays.equals(a.shape(), e.getValue()),
          "gated tensor '%s' must have shape %s for this base model, but has %s",
          e.getKey(), Arrays.toString(e.getValue()), Arrays.toString(a.shape()));
      checkArgument(a.dataType() == DataType.FLOAT, "gated tensor '%s' must be FLOAT, but was %s", e.getKey(), a.dataType());
    }
    for (String name : tensors.keySet()) {
      checkArgument(expected.containsKey(name), "tensor '%s' is not part of a gated block", name);
    }
    return new GatedModule(config, layers, tensors);
  }

  /** The tensors of the gated block before vision layer {@code layer}, with their shapes. */
  public static Map<String, long[]> blockShapes(ClipConfig config, int layer) {
    String prefix = ClipGraphBuilder.gatedPrefix(layer);
    Map<String, long[]> m = new LinkedHashMap<>(ClipWeights.blockShapes(prefix, config.vision().width(), config.vision().mlpWidth()));
    m.put(prefix + "alpha_attn", new long[] {});
    m.put(prefix + "alpha_dense", new long[] {});
    return m;
  }

  /**
   * New gated blocks before the last {@code gated.lastK()} vision layers, gates at 0, seeded. Layer
   * norms start at identity, biases at 0; weights are normal with the standard deviations of a
   * pre-norm transformer (open_clip's): {@code width^-0.5} for q/k/v, {@code (2 width)^-0.5} for the
   * MLP input, {@code width^-0.5 (2 k)^-0.5} for both output projections, each times
   * {@code initStdScale}.
   */
  public static GatedModule initialize(ClipConfig config, GatedBlockConfig gated, long seed) {
    int layers = config.vision().layers();
    checkArgument(gated.lastK() <= layers, "lastK must be at most the %s vision layers, but was %s", layers, gated.lastK());
    int width = config.vision().width();
    double s = gated.initStdScale();
    double attnStd = s / Math.sqrt(width);
    double fcStd = s / Math.sqrt(2.0 * width);
    double projStd = s / Math.sqrt(width) / Math.sqrt(2.0 * gated.lastK());
    Random random = new Random(seed);
    Map<String, INDArray> tensors = new HashMap<>();
    for (int layer = layers - gated.lastK(); layer < layers; layer++) {
      for (Map.Entry<String, long[]> e : blockShapes(config, layer).entrySet()) {
        String name = e.getKey();
        double std =
            name.endsWith("attn.in_proj_weight") ? attnStd
                : name.endsWith("mlp.c_fc.weight") ? fcStd
                : name.endsWith("out_proj.weight") || name.endsWith("mlp.c_proj.weight") ? projStd
                : 0;
        float fill = name.endsWith("ln_1.weight") || name.endsWith("ln_2.weight") ? 1f : 0f;
        tensors.put(name, ClipInitializer.filled(e.getValue(), random, std, fill));
      }
    }
    return of(config, tensors);
  }

  /**
   * Reads gated blocks from a safetensors file in REACT's naming. The file may be a full REACT
   * checkpoint (base weights included); only the {@code gated_attn_block} tensors are read.
   *
   * @throws CheckpointFormatException if the file has no gated tensors or they do not fit {@code config}
   */
  public static GatedModule load(Path file, ClipConfig config) {
    try (SafetensorsReader st = SafetensorsReader.open(file)) {
      Map<String, INDArray> tensors = new HashMap<>();
      for (String name : st.tensors().keySet()) {
        if (KEY.matcher(name).matches()) {
          INDArray a = Nd4j.create(DataType.FLOAT, st.info(name).shape(), 'c');
          st.readFloats(name, a.data().asNioFloat());
          tensors.put(name, a);
        }
      }
      if (tensors.isEmpty()) {
        throw new CheckpointFormatException(
            "'" + file + "' has no gated-block tensors (visual.transformer.resblocks.N.gated_attn_block.*)");
      }
      try {
        return of(config, tensors);
      } catch (IllegalArgumentException e) {
        throw new CheckpointFormatException("gated module '" + file + "' does not fit the model: " + e.getMessage(), e);
      }
    }
  }

  /** Writes the blocks as float32 safetensors in REACT's naming, atomically. */
  public void save(Path file, Map<String, String> metadata) {
    Map<String, FloatTensor> out = new TreeMap<>();
    tensors.forEach((name, a) -> out.put(name, new FloatTensor(a.shape(), a.dup('c').data().asFloat())));
    SafetensorsWriter.write(file, out, metadata, DType.F32);
  }

  /** The base model's config this module fits. */
  public ClipConfig config() {
    return config;
  }

  /** The vision layers that have a gated block before them, ascending. */
  public SortedSet<Integer> layers() {
    return layers;
  }

  /** All tensors by name (REACT naming), sorted. */
  public Map<String, INDArray> tensors() {
    return tensors;
  }

  /** One tensor by name. */
  public INDArray get(String name) {
    INDArray a = tensors.get(name);
    checkArgument(a != null, "gated module has no tensor '%s'; it has blocks before layers %s", name, layers);
    return a;
  }

  /** Number of parameters. */
  public long parameterCount() {
    return tensors.values().stream().mapToLong(INDArray::length).sum();
  }

  /** The gate values {@code [alpha_attn, alpha_dense]} per layer. */
  public Map<Integer, float[]> alphas() {
    Map<Integer, float[]> m = new TreeMap<>();
    for (int layer : layers) {
      String p = ClipGraphBuilder.gatedPrefix(layer);
      m.put(layer, new float[] {get(p + "alpha_attn").getFloat(0), get(p + "alpha_dense").getFloat(0)});
    }
    return m;
  }

  /** A copy whose gates are all 0: computes exactly what the base model computes. */
  public GatedModule withGatesClosed() {
    Map<String, INDArray> copy = new HashMap<>(tensors);
    for (String name : List.copyOf(copy.keySet())) {
      if (name.endsWith(".alpha_attn") || name.endsWith(".alpha_dense")) {
        copy.put(name, Nd4j.scalar(DataType.FLOAT, 0f));
      }
    }
    return new GatedModule(config, new TreeSet<>(layers), copy);
  }

  @Override
  public String toString() {
    return "GatedModule[layers=" + layers + ", parameters=" + parameterCount() + "]";
  }
}
