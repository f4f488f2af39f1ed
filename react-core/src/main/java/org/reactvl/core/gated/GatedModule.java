package org.reactvl.core.gated;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;
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
 * <p><b>A module knows its base.</b> Every module carries the fingerprint of the base model it was
 * made for ({@link #baseFingerprint()}, {@code ClipWeights.fingerprint()}); {@code save} records it
 * in the file's metadata as {@value #BASE_FINGERPRINT_KEY}, and {@code ClipModel.withModule} refuses
 * a module of another base with a {@link BackboneMismatchException}. REACT's released files carry no
 * fingerprint: {@link #load} refuses them, {@link #loadReleased} is the explicit way to adopt one for
 * a base model the caller vouches for.
 *
 * <p>Immutable and thread-safe; the arrays are shared, never modified.
 */
public final class GatedModule {
  /** The safetensors metadata key holding the base model's fingerprint. */
  public static final String BASE_FINGERPRINT_KEY = "react.baseFingerprint";

  private final ClipConfig config;
  private final String baseFingerprint;
  private final SortedSet<Integer> layers;
  private final Map<String, INDArray> tensors;

  private GatedModule(ClipConfig config, String baseFingerprint, SortedSet<Integer> layers, Map<String, INDArray> tensors) {
    this.config = config;
    this.baseFingerprint = baseFingerprint;
    this.layers = Collections.unmodifiableSortedSet(layers);
    this.tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
  }

  /**
   * Wraps gated-block tensors in REACT's naming after checking them against the base config: every
   * block complete, shapes equal to the base's vision blocks, alphas 0-d.
   *
   * @param baseFingerprint the fingerprint of the base model the blocks were trained for
   * @throws IllegalArgumentException naming a missing, unexpected or mis-shaped tensor, or a
   *     fingerprint that is not 64 hex digits
   */
  public static GatedModule of(ClipConfig config, String baseFingerprint, Map<String, INDArray> tensors) {
    checkFingerprint(baseFingerprint);
    SortedSet<Integer> layers = new TreeSet<>();
    for (String name : tensors.keySet()) {
      OptionalInt named = GatedNames.layerOf(name);
      checkArgument(named.isPresent(), "tensor '%s' is not a gated-block tensor (%s)", name, GatedNames.PATTERN);
      int layer = named.getAsInt();
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
    return new GatedModule(config, baseFingerprint, layers, tensors);
  }

  private static void checkFingerprint(String fingerprint) {
    checkArgument(fingerprint != null && fingerprint.matches("[0-9a-f]{64}"), "base fingerprint must be 64 lower-case hex digits, but was '%s'", fingerprint);
  }

  /** The tensors of the gated block before vision layer {@code layer}, with their shapes. */
  public static Map<String, long[]> blockShapes(ClipConfig config, int layer) {
    String prefix = GatedNames.prefix(layer);
    Map<String, long[]> m = new LinkedHashMap<>(ClipWeights.blockShapes(prefix, config.vision().width(), config.vision().mlpWidth()));
    m.put(prefix + GatedNames.ALPHA_ATTN, new long[] {});
    m.put(prefix + GatedNames.ALPHA_DENSE, new long[] {});
    return m;
  }

  /**
   * New gated blocks before the last {@code gated.lastK()} vision layers, gates at 0, seeded. Layer
   * norms start at identity, biases at 0; weights are normal with the standard deviations of a
   * pre-norm transformer (open_clip's): {@code width^-0.5} for q/k/v, {@code (2 width)^-0.5} for the
   * MLP input, {@code width^-0.5 (2 k)^-0.5} for both output projections, each times
   * {@code initStdScale}.
   */
  public static GatedModule initialize(ClipConfig config, String baseFingerprint, GatedBlockConfig gated, long seed) {
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
    return of(config, baseFingerprint, tensors);
  }

  /**
   * Reads gated blocks for {@code base} from a safetensors file in REACT's naming that records its
   * base model's fingerprint (as {@link #save} writes it). The file may be a full REACT checkpoint
   * (base weights included); only the {@code gated_attn_block} tensors are read.
   *
   * @throws BackboneMismatchException naming both fingerprints if the file was made for another base
   * @throws CheckpointFormatException if the file records no fingerprint (a file released by REACT:
   *     use {@link #loadReleased}), has no gated tensors, or they do not fit the base's config
   */
  public static GatedModule load(Path file, ClipModel base) {
    return read(file, base, false);
  }

  /**
   * Reads gated blocks released by REACT (a file that records no base fingerprint, such as one
   * converted from the authors' checkpoints) as blocks for {@code base}: the caller vouches that
   * {@code base} is the model they were trained for; only the shapes can be checked. A file that does
   * record a fingerprint is checked as {@link #load} checks it.
   *
   * @throws BackboneMismatchException naming both fingerprints if the file records another base
   * @throws CheckpointFormatException if the file has no gated tensors or they do not fit the base
   */
  public static GatedModule loadReleased(Path file, ClipModel base) {
    return read(file, base, true);
  }

  private static GatedModule read(Path file, ClipModel base, boolean released) {
    ClipConfig config = base.config();
    try (SafetensorsReader st = SafetensorsReader.open(file)) {
      String recorded = st.metadata().get(BASE_FINGERPRINT_KEY);
      if (recorded != null) {
        BackboneMismatchException.check("gated module '" + file + "'", recorded, base.fingerprint());
      } else if (!released) {
        throw new CheckpointFormatException("gated module '" + file + "' must record its base model's fingerprint as metadata '"
            + BASE_FINGERPRINT_KEY + "', but records none; a file released by REACT attaches only through GatedModule.loadReleased");
      }
      Map<String, INDArray> tensors = new HashMap<>();
      for (String name : st.tensors().keySet()) {
        if (GatedNames.layerOf(name).isPresent()) {
          INDArray a = Nd4j.create(DataType.FLOAT, st.info(name).shape(), 'c');
          st.readFloats(name, a.data().asNioFloat());
          tensors.put(name, a);
        }
      }
      if (tensors.isEmpty()) {
        throw new CheckpointFormatException(
            "'" + file + "' has no gated-block tensors (" + GatedNames.PATTERN + ")");
      }
      try {
        return of(config, base.fingerprint(), tensors);
      } catch (IllegalArgumentException e) {
        throw new CheckpointFormatException("gated module '" + file + "' does not fit the model: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes the blocks as float32 safetensors in REACT's naming, atomically, with {@code metadata}
   * plus the base fingerprint ({@value #BASE_FINGERPRINT_KEY}).
   */
  public void save(Path file, Map<String, String> metadata) {
    Map<String, FloatTensor> out = new TreeMap<>();
    tensors.forEach((name, a) -> out.put(name, new FloatTensor(a.shape(), a.dup('c').data().asFloat())));
    Map<String, String> recorded = new TreeMap<>(metadata);
    recorded.put(BASE_FINGERPRINT_KEY, baseFingerprint);
    SafetensorsWriter.write(file, out, recorded, DType.F32);
  }

  /** The base model's config this module fits. */
  public ClipConfig config() {
    return config;
  }

  /** The fingerprint of the base model this module was made for ({@code ClipWeights.fingerprint()}). */
  public String baseFingerprint() {
    return baseFingerprint;
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
      String p = GatedNames.prefix(layer);
      m.put(layer, new float[] {get(p + GatedNames.ALPHA_ATTN).getFloat(0), get(p + GatedNames.ALPHA_DENSE).getFloat(0)});
    }
    return m;
  }

  /** A copy whose gates are all 0: computes exactly what the base model computes. */
  public GatedModule withGatesClosed() {
    Map<String, INDArray> copy = new HashMap<>(tensors);
    for (String name : List.copyOf(copy.keySet())) {
      if (GatedNames.isGate(name)) {
        copy.put(name, Nd4j.scalar(DataType.FLOAT, 0f));
      }
    }
    return new GatedModule(config, baseFingerprint, new TreeSet<>(layers), copy);
  }

  @Override
  public String toString() {
    return "GatedModule[layers=" + layers + ", parameters=" + parameterCount() + "]";
  }
}
