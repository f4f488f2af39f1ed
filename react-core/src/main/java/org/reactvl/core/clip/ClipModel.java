package org.reactvl.core.clip;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.core.ReactException;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.core.gated.GatedNames;
import org.reactvl.core.text.ClipTokenizer;

/**
 * A CLIP model: image and text encoders over frozen weights, optionally customized by a REACT
 * {@link GatedModule}.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(Path.of("clip-vit-base-patch32"))) {
 *   INDArray images = clip.encodeImages(pixels);        // [N, 3, 224, 224] -> [N, 512]
 *   INDArray texts = clip.encodeTexts(List.of("a photo of a dog.", "a photo of a cat."));
 *   ClipModel custom = clip.withModule(GatedModule.load(file, clip));
 * }
 * }</pre>
 *
 * <p>Outputs are unnormalised features, as OpenAI's {@code encode_image}/{@code encode_text}.
 * {@link #withModule} returns a view that shares this model's weights and adds the gated blocks to
 * the image tower; the text tower is unchanged. The base model owns the weights: close it last.
 *
 * <p>Thread-safe: concurrent calls are serialized per tower. Graphs are built on first use.
 */
public final class ClipModel implements AutoCloseable {
  /** Images or texts per forward pass; larger inputs are split to bound memory. */
  public static final int DEFAULT_CHUNK = 32;

  private final ClipWeights weights;
  private final GatedModule module;
  private final ClipModel owner;
  private final Object imageLock = new Object();
  private final Object textLock = new Object();
  private SameDiff imageGraph;
  private final Map<Integer, SameDiff> textGraphs = new java.util.HashMap<>();
  private volatile boolean closed;

  private ClipModel(ClipWeights weights, GatedModule module, ClipModel owner) {
    this.weights = weights;
    this.module = module;
    this.owner = owner;
  }

  /** A model over already loaded weights; it takes ownership of them. */
  public static ClipModel of(ClipWeights weights) {
    return new ClipModel(weights, null, null);
  }

  /** Loads a Hugging Face folder or an open_clip safetensors file (config inferred from shapes). */
  public static ClipModel load(Path path) {
    return of(CheckpointLoader.load(path));
  }

  /** Loads an open_clip safetensors file with the given architecture. */
  public static ClipModel load(Path openClipFile, ClipConfig architecture) {
    return of(CheckpointLoader.loadOpenClip(openClipFile, architecture));
  }

  /** The model's shape. */
  public ClipConfig config() {
    return weights.config();
  }

  /** The frozen base weights. */
  public ClipWeights weights() {
    return weights;
  }

  /** The base weights' fingerprint (see {@link ClipWeights#fingerprint()}); a module does not change it. */
  public String fingerprint() {
    return weights.fingerprint();
  }

  /** The attached gated module, if any. */
  public Optional<GatedModule> module() {
    return Optional.ofNullable(module);
  }

  /** The learned temperature {@code logit_scale} (logits are {@code exp(logitScale)} x cosine). */
  public float logitScale() {
    return weights.get(ClipWeights.LOGIT_SCALE).getFloat(0);
  }

  /**
   * A view of this model customized by {@code gated}: shares the base weights, runs the gated blocks
   * in the image tower. Attaching to a view replaces its module.
   *
   * @throws BackboneMismatchException naming both fingerprints if the module was made for another
   *     base model (same-shaped or not)
   */
  public ClipModel withModule(GatedModule gated) {
    checkOpen();
    BackboneMismatchException.check("gated module " + gated, gated.baseFingerprint(), fingerprint());
    return new ClipModel(weights, gated, root());
  }

  /** The base model without any module (this model if it has none). */
  public ClipModel withoutModule() {
    checkOpen();
    return module == null ? this : root();
  }

  private ClipModel root() {
    return owner == null ? this : owner;
  }

  // ---------------------------------------------------------------- images

  /** Encodes normalised pixels {@code [N, 3, H, W]} to image features {@code [N, embedDim]}. */
  public INDArray encodeImages(INDArray pixels) {
    checkPixels(pixels);
    INDArray features = chunked(pixels, chunk -> runImage(chunk, "image_embeds").get("image_embeds"));
    if (!isFinite(features)) {
      throw new IllegalArgumentException("pixels must give finite image features, but values in [" + pixels.minNumber().floatValue() + ", "
          + pixels.maxNumber().floatValue() + "] overflowed to NaN or infinity; normalised pixels lie within about [-2, 3]");
    }
    return features;
  }

  /**
   * Runs the image tower and returns every named activation: {@code vision_ln_pre_out},
   * {@code vision_block{i}_gated_out} (with a module), {@code vision_block{i}_out} (each
   * {@code [N, tokens, width]}), {@code vision_ln_post_out} {@code [N, width]}, {@code image_embeds}.
   * For debugging and for comparing with reference implementations.
   */
  public Map<String, INDArray> traceImage(INDArray pixels) {
    checkPixels(pixels);
    ClipConfig.Vision v = config().vision();
    List<String> names = new java.util.ArrayList<>();
    names.add("vision_ln_pre_out");
    for (int i = 0; i < v.layers(); i++) {
      if (module != null && module.layers().contains(i)) {
        names.add("vision_block" + i + "_gated_out");
      }
      names.add("vision_block" + i + "_out");
    }
    names.add("vision_ln_post_out");
    names.add("image_embeds");
    Map<String, INDArray> out = runImage(pixels, names.toArray(String[]::new));
    long n = pixels.size(0);
    Map<String, INDArray> shaped = new LinkedHashMap<>();
    for (String name : names) {
      INDArray a = out.get(name);
      shaped.put(name, name.startsWith("vision_block") || name.equals("vision_ln_pre_out") ? a.reshape(n, v.tokens(), v.width()) : a);
    }
    return shaped;
  }

  private Map<String, INDArray> runImage(INDArray pixels, String... outputs) {
    synchronized (imageLock) {
      checkOpen();
      if (imageGraph == null) {
        imageGraph = buildImageGraph();
      }
      return detach(imageGraph.output(Map.of("pixels", pixels), outputs));
    }
  }

  private SameDiff buildImageGraph() {
    SameDiff sd = SameDiff.create();
    ClipConfig.Vision v = config().vision();
    ClipGraphBuilder b = new ClipGraphBuilder(sd, config(), ClipGraphBuilder.constants(sd, this::parameter));
    SDVariable pixels = sd.placeHolder("pixels", DataType.FLOAT, -1, 3, v.imageSize(), v.imageSize());
    SDVariable x = named(sd, b.visionEmbed(pixels), "vision_ln_pre_out");
    for (int i = 0; i < v.layers(); i++) {
      if (module != null && module.layers().contains(i)) {
        x = named(sd, b.gatedVisionBlock(x, i), "vision_block" + i + "_gated_out");
      }
      x = named(sd, b.visionBlock(x, i), "vision_block" + i + "_out");
    }
    named(sd, b.visionHead(x), "image_embeds");
    return sd;
  }

  private INDArray parameter(String name) {
    return GatedNames.isGated(name) ? module.get(name) : weights.get(name);
  }

  private void checkPixels(INDArray pixels) {
    ClipConfig.Vision v = config().vision();
    long[] s = pixels.shape();
    checkArgument(
        s.length == 4 && s[1] == 3 && s[2] == v.imageSize() && s[3] == v.imageSize() && s[0] > 0,
        "pixels must have shape [N, 3, %s, %s] with N > 0, but had %s",
        v.imageSize(),
        v.imageSize(),
        Arrays.toString(s));
    checkArgument(pixels.dataType() == DataType.FLOAT, "pixels must be FLOAT, but were %s", pixels.dataType());
    checkArgument(
        isFinite(pixels), "pixels must be finite, but contain NaN or infinite values");
  }

  // ---------------------------------------------------------------- texts

  /**
   * Encodes token ids (one row of {@code contextLength} ids per text, as
   * {@code ClipTokenizer.tokenize} makes them) to text features {@code [N, embedDim]}. Each text is
   * pooled at its first end-of-text id (or at its largest id, as OpenAI's argmax, if it has none).
   */
  public INDArray encodeTokens(int[][] tokens) {
    INDArray ids = tokenArray(tokens);
    INDArray features = chunked(ids, chunk -> runText(chunk, true, "text_embeds").get("text_embeds"));
    if (!isFinite(features)) {
      throw new ReactException("text features must be finite, but some are NaN or infinite: the model's weights overflow");
    }
    return features;
  }

  private static boolean isFinite(INDArray a) {
    return !a.isNaN().any() && !a.isInfinite().any();
  }

  /**
   * Tokenizes texts with CLIP's tokenizer (at this model's context length) and encodes them:
   * {@code [N, embedDim]}.
   *
   * @throws IllegalArgumentException if {@code texts} is empty
   */
  public INDArray encodeTexts(List<String> texts) {
    checkArgument(!texts.isEmpty(), "texts must not be empty");
    int ctx = config().text().contextLength();
    ClipTokenizer tokenizer = SharedTokenizer.INSTANCE;
    int[][] rows = new int[texts.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = tokenizer.tokenize(texts.get(i), ctx);
    }
    return encodeTokens(rows);
  }

  /** OpenAI's tokenizer, loaded once on first use (it is immutable and thread-safe). */
  private static final class SharedTokenizer {
    static final ClipTokenizer INSTANCE = ClipTokenizer.load();
  }

  /**
   * Runs the text tower and returns every named activation: {@code text_embed_out},
   * {@code text_block{i}_out}, {@code text_ln_final_out} (each {@code [N, context, width]}) and
   * {@code text_embeds}.
   */
  public Map<String, INDArray> traceText(int[][] tokens) {
    INDArray ids = tokenArray(tokens);
    ClipConfig.Text t = config().text();
    List<String> names = new java.util.ArrayList<>();
    names.add("text_embed_out");
    for (int i = 0; i < t.layers(); i++) {
      names.add("text_block" + i + "_out");
    }
    names.add("text_ln_final_out");
    names.add("text_embeds");
    Map<String, INDArray> out = runText(ids, false, names.toArray(String[]::new));
    Map<String, INDArray> shaped = new LinkedHashMap<>();
    for (String name : names) {
      INDArray a = out.get(name);
      shaped.put(name, name.equals("text_embeds") ? a : a.reshape(tokens.length, t.contextLength(), t.width()));
    }
    return shaped;
  }

  private INDArray tokenArray(int[][] tokens) {
    ClipConfig.Text t = config().text();
    checkArgument(tokens.length > 0, "token rows must not be empty");
    int[] flat = new int[tokens.length * t.contextLength()];
    for (int i = 0; i < tokens.length; i++) {
      checkArgument(
          tokens[i].length == t.contextLength(),
          "token row %s must have %s ids, but had %s",
          i,
          t.contextLength(),
          tokens[i].length);
      for (int j = 0; j < tokens[i].length; j++) {
        int id = tokens[i][j];
        checkArgument(id >= 0 && id < t.vocabSize(), "token id at row %s, position %s must be in [0, %s), but was %s", i, j, t.vocabSize(), id);
        flat[i * t.contextLength() + j] = id;
      }
    }
    return Nd4j.createFromArray(flat).reshape(tokens.length, t.contextLength());
  }

  /**
   * Runs the text tower. With {@code shorten}, texts are cut after the last position any of them
   * pools at, rounded up to a length bucket: the tower is causal, so the pooled states are the same
   * and most captions need a fraction of the 77-token work.
   */
  private Map<String, INDArray> runText(INDArray ids, boolean shorten, String... outputs) {
    int n = (int) ids.size(0);
    int ctx = config().text().contextLength();
    int[] positions = new int[n];
    int longest = 0;
    for (int i = 0; i < n; i++) {
      positions[i] = ClipGraphBuilder.poolPosition(ids.getRow(i).toIntVector(), config().text().eotTokenId());
      longest = Math.max(longest, positions[i] + 1);
    }
    int length = shorten ? bucket(longest, ctx) : ctx;
    INDArray input = length == ctx ? ids : ids.get(NDArrayIndex.all(), NDArrayIndex.interval(0, length)).dup('c');
    int[] pooled = new int[n];
    for (int i = 0; i < n; i++) {
      pooled[i] = i * length + positions[i];
    }
    synchronized (textLock) {
      checkOpen();
      SameDiff graph = textGraphs.computeIfAbsent(length, this::buildTextGraph);
      return detach(graph.output(Map.of("tokens", input, "pooled_rows", Nd4j.createFromArray(pooled)), outputs));
    }
  }

  /** The smallest of 16, 32, 48, 64 (or the context length) that holds {@code needed} tokens. */
  private static int bucket(int needed, int ctx) {
    for (int b = 16; b < ctx; b += 16) {
      if (needed <= b) {
        return b;
      }
    }
    return ctx;
  }

  private SameDiff buildTextGraph(int length) {
    SameDiff sd = SameDiff.create();
    ClipConfig.Text t = config().text();
    ClipGraphBuilder b = new ClipGraphBuilder(sd, config(), ClipGraphBuilder.constants(sd, weights::get));
    SDVariable tokens = sd.placeHolder("tokens", DataType.INT, -1, length);
    SDVariable pooledRows = sd.placeHolder("pooled_rows", DataType.INT, -1);
    SDVariable x = named(sd, b.textEmbed(tokens, length), "text_embed_out");
    for (int i = 0; i < t.layers(); i++) {
      x = named(sd, b.textBlock(x, i, length), "text_block" + i + "_out");
    }
    SDVariable normed = named(sd, b.textFinalNorm(x), "text_ln_final_out");
    named(sd, b.textHead(normed, pooledRows), "text_embeds");
    return sd;
  }

  // ---------------------------------------------------------------- shared

  /**
   * CLIP's logits: {@code exp(logit_scale) * normalize(images) @ normalize(texts)^T}, images x texts.
   */
  public INDArray logits(INDArray imageFeatures, INDArray textFeatures) {
    INDArray img = normalizeRows(imageFeatures);
    INDArray txt = normalizeRows(textFeatures);
    return img.mmul(txt.transpose()).muli(Math.exp(logitScale()));
  }

  /** Rows divided by their L2 norms (a new array). */
  public static INDArray normalizeRows(INDArray features) {
    INDArray norms = features.norm2(1).reshape(features.size(0), 1);
    return features.divColumnVector(norms);
  }

  private static SDVariable named(SameDiff sd, SDVariable v, String name) {
    return sd.updateVariableNameAndReference(v, name);
  }

  private static INDArray chunked(INDArray input, Function<INDArray, INDArray> run) {
    long n = input.size(0);
    if (n <= DEFAULT_CHUNK) {
      return run.apply(input);
    }
    INDArray[] parts = new INDArray[(int) ((n + DEFAULT_CHUNK - 1) / DEFAULT_CHUNK)];
    for (int c = 0; c < parts.length; c++) {
      long from = (long) c * DEFAULT_CHUNK;
      INDArray slice = input.get(NDArrayIndex.interval(from, Math.min(n, from + DEFAULT_CHUNK))).dup('c');
      parts[c] = run.apply(slice);
    }
    return Nd4j.concat(0, parts);
  }

  private static Map<String, INDArray> detach(Map<String, INDArray> out) {
    Map<String, INDArray> copy = new LinkedHashMap<>();
    out.forEach((k, v) -> copy.put(k, v.isAttached() ? v.detach() : v));
    return copy;
  }

  private void checkOpen() {
    if (closed || (owner != null && owner.closed)) {
      throw new IllegalStateException("CLIP model is closed" + (owner != null ? " (its base model was closed)" : ""));
    }
  }

  /**
   * Releases the graphs. On a base model this also invalidates its module views; the weights'
   * native memory is returned when they become unreachable. Idempotent.
   */
  @Override
  public void close() {
    synchronized (imageLock) {
      synchronized (textLock) {
        closed = true;
        imageGraph = null;
        textGraphs.clear();
      }
    }
  }
}
