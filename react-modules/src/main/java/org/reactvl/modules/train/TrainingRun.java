package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.reactvl.core.ReactException;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.gated.GatedBlockConfig;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.core.gated.GatedNames;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.data.PrefixCache;
import org.reactvl.modules.data.Seeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@link Customizer#fit} call: preparation, the step loop, checkpoints and the result. Single use. */
final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STREAM_INIT = 1;
  private static final long STREAM_SHUFFLE = 2;
  private static final long STREAM_AUGMENT = 3;
  /** Images or captions per forward pass while preparing. */
  private static final int PREPARATION_CHUNK = 32;
  /** The largest logit scale, ln(100), as open_clip clamps it. */
  private static final float MAX_LOGIT_SCALE = (float) Math.log(100);

  private final ClipModel base;
  private final ClipConfig config;
  private final TrainingOptions options;
  private final PairDataset data;
  private final Path checkpointDirectory;
  private final int checkpointEvery;
  private final Path workDirectory;
  private final TrainingListener listener;

  TrainingRun(
      ClipModel base, TrainingOptions options, PairDataset data, Path checkpointDirectory, int checkpointEvery, Path workDirectory,
      TrainingListener listener) {
    this.base = base;
    this.config = base.config();
    this.options = options;
    this.data = data;
    this.checkpointDirectory = checkpointDirectory;
    this.checkpointEvery = checkpointEvery;
    this.workDirectory = workDirectory;
    this.listener = listener;
  }

  CustomizationResult run() {
    NativeMemory.returnFreedMemoryPromptly();
    TuningStrategy strategy = options.strategy();
    long prepStart = System.nanoTime();
    INDArray captionFeatures = strategy.textFrozen() ? captionFeatures() : null;
    INDArray tokens = strategy.textFrozen() ? null : tokenIds();
    FrozenPrefix prefix = strategy.gated() ? new FrozenPrefix(base, config.vision().layers() - options.gatedLayers()) : null;
    PrefixCache cache = null;
    SegmentedObjective objective = SegmentedObjective.create(
        config, strategy, options.gatedLayers(), options.layersPerSegment(), trainablePredicate(), DataType.FLOAT);
    try {
      if (options.usesPrefixCache()) {
        cache = PrefixCache.build(
            data, config.vision().tokens(), config.vision().width(), prefix::hiddenStates, PREPARATION_CHUNK, workDirectory,
            (done, total) -> listener.onPreparation("frozen layers", done, total));
      }
      double prepSeconds = (System.nanoTime() - prepStart) / 1e9;
      return train(objective, captionFeatures, tokens, prefix, cache, prepSeconds);
    } finally {
      objective.close();
      if (cache != null) {
        cache.close();
      }
    }
  }

  private CustomizationResult train(SegmentedObjective objective, INDArray captionFeatures, INDArray tokens, FrozenPrefix prefix, PrefixCache cache, double prepSeconds) {
    Predicate<String> trainable = trainablePredicate();
    Map<String, INDArray> params = new HashMap<>(base.weights().all());
    AdamW adam = new AdamW(options.beta1(), options.beta2(), options.epsilon(), options.weightDecay(), name -> params.get(name).rank() >= 2);
    List<Float> losses = new ArrayList<>();
    String dataDigest = dataDigest();
    Optional<TrainingCheckpoint.State> resumed = checkpointDirectory == null ? Optional.empty() : TrainingCheckpoint.readLatest(checkpointDirectory);
    TreeSet<String> trainableNames = new TreeSet<>();
    if (resumed.isPresent()) {
      TrainingCheckpoint.State s = resumed.get();
      checkCompatible(s, dataDigest);
      s.params().forEach((name, a) -> {
        checkState(trainable.test(name), "checkpoint parameter '%s' is not trainable in this run", name);
        params.put(name, a);
        trainableNames.add(name);
      });
      adam.restore(s.step(), s.firstMoments(), s.secondMoments());
      for (float l : s.losses()) {
        losses.add(l);
      }
      LOG.info("resuming from the checkpoint after step {} in {}", s.step(), checkpointDirectory);
    } else {
      initialTrainable(trainable).forEach((name, a) -> {
        params.put(name, a);
        trainableNames.add(name);
      });
    }
    LearningRateSchedule schedule = options.schedule();
    int first = adam.step();
    int total = options.steps();
    listener.onStart(first, total);
    long start = System.nanoTime();
    int[] order = null;
    int orderEpoch = -1;
    int step = first;
    while (step < total) {
      int epoch = step / options.stepsPerEpoch();
      if (epoch != orderEpoch) {
        order = Seeds.permutation(data.size(), Seeds.derive(options.seed(), STREAM_SHUFFLE, epoch));
        orderEpoch = epoch;
      }
      int offset = (step % options.stepsPerEpoch()) * options.batchSize();
      int[] indices = Arrays.copyOfRange(order, offset, offset + options.batchSize());
      long t0 = System.nanoTime();
      SegmentedObjective.Batch batch = batch(step, indices, captionFeatures, tokens, prefix, cache);
      long t1 = System.nanoTime();
      SegmentedObjective.Evaluation e = objective.evaluate(batch, params);
      close(batch);
      long t2 = System.nanoTime();
      double norm = AdamW.globalNorm(e.gradients());
      if (!Double.isFinite(e.loss()) || !Double.isFinite(norm)) {
        throw new ReactException("training diverged at step " + (step + 1) + ": loss " + e.loss() + ", gradient norm " + norm
            + "; lower the learning rate or keep gradient clipping on");
      }
      double scale = options.maxGradientNorm() > 0 ? Math.min(1, options.maxGradientNorm() / (norm + 1e-6)) : 1;
      double lr = schedule.rateAt(step);
      adam.update(params, e.gradients(), lr, scale);
      e.gradients().values().forEach(NativeArrays::free);
      INDArray logitScale = params.get(ClipWeights.LOGIT_SCALE);
      if (trainableNames.contains(ClipWeights.LOGIT_SCALE)) {
        logitScale.putScalar(0, Math.min(MAX_LOGIT_SCALE, Math.max(0f, logitScale.getFloat(0))));
      }
      long t3 = System.nanoTime();
      losses.add((float) e.loss());
      step++;
      listener.onStep(new TrainingProgress(
          step, total, epoch, e.loss(), lr, norm, logitScale.getFloat(0), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9));
      boolean stop = listener.stopRequested();
      if (checkpointDirectory != null && (step % checkpointEvery == 0 || stop || step == total)) {
        Map<String, INDArray> trained = new TreeMap<>();
        trainableNames.forEach(name -> trained.put(name, params.get(name)));
        Path folder = TrainingCheckpoint.write(checkpointDirectory, new TrainingCheckpoint.State(
            step, base.fingerprint(), dataDigest, options.toMap(), trained, adam.firstMoments(), adam.secondMoments(), floats(losses)));
        listener.onCheckpoint(step, folder);
      }
      if (stop) {
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double samplesPerSecond = seconds > 0 ? (double) (step - first) * options.batchSize() / seconds : 0;
    TrainingReport report = new TrainingReport(floats(losses), first, step, total, seconds, prepSeconds, samplesPerSecond);
    return result(params, trainableNames, report);
  }

  private Predicate<String> trainablePredicate() {
    Predicate<String> scale = name -> options.trainLogitScale() && name.equals(ClipWeights.LOGIT_SCALE);
    return switch (options.strategy()) {
      case GATED_IMAGE -> scale.or(GatedNames::isGated);
      case LOCKED_TEXT -> scale.or(name -> name.startsWith("visual."));
      case FULL -> scale.or(name -> !name.equals(ClipWeights.LOGIT_SCALE));
    };
  }

  /** Fresh copies of the parameters that train: new gated blocks, or the base model's weights. */
  private Map<String, INDArray> initialTrainable(Predicate<String> trainable) {
    Map<String, INDArray> out = new TreeMap<>();
    if (options.strategy().gated()) {
      GatedModule fresh = GatedModule.initialize(
          config, base.fingerprint(), new GatedBlockConfig(options.gatedLayers(), options.gatedInitScale()), Seeds.derive(options.seed(), STREAM_INIT));
      fresh.tensors().forEach((name, a) -> out.put(name, a.dup('c')));
    }
    base.weights().all().forEach((name, a) -> {
      if (trainable.test(name)) {
        out.put(name, a.dup('c'));
      }
    });
    return out;
  }

  /** Refuses a checkpoint of another run, naming only what differs, with the checkpoint's value and this run's. */
  private void checkCompatible(TrainingCheckpoint.State s, String dataDigest) {
    List<String> differences = new ArrayList<>();
    if (!s.baseFingerprint().equals(base.fingerprint())) {
      differences.add("base model " + s.baseFingerprint() + " vs " + base.fingerprint());
    }
    if (!s.dataDigest().equals(dataDigest)) {
      differences.add("data " + s.dataDigest() + " vs " + dataDigest);
    }
    JsonNode theirs = JSON.valueToTree(withoutCheckpointing(s.options()));
    JsonNode ours = JSON.valueToTree(withoutCheckpointing(options.toMap()));
    Set<String> names = new TreeSet<>();
    theirs.fieldNames().forEachRemaining(names::add);
    ours.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (!String.valueOf(theirs.get(name)).equals(String.valueOf(ours.get(name)))) {
        differences.add(name + " " + theirs.get(name) + " vs " + ours.get(name));
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalStateException("the checkpoint in '" + checkpointDirectory + "' belongs to another run and cannot be resumed ("
          + "checkpoint vs this run): " + String.join(", ", differences) + "; use another checkpoint directory");
    }
  }

  /** Options without {@code layersPerSegment}: recomputation changes memory and time, never a result, and its default depends on the memory limit. */
  private static Map<String, Object> withoutCheckpointing(Map<String, ?> options) {
    Map<String, Object> m = new TreeMap<>(options);
    m.remove("layersPerSegment");
    return m;
  }

  private SegmentedObjective.Batch batch(int step, int[] indices, INDArray captionFeatures, INDArray tokens, FrozenPrefix prefix, PrefixCache cache) {
    INDArray vision;
    if (cache != null) {
      vision = cache.gather(indices);
    } else {
      INDArray pixels = augment(data.pixels(indices), step);
      if (prefix != null) {
        vision = prefix.hiddenStates(pixels);
        NativeArrays.free(pixels);
      } else {
        vision = pixels;
      }
    }
    if (captionFeatures != null) {
      return SegmentedObjective.Batch.frozenText(vision, Nd4j.pullRows(captionFeatures, 1, indices));
    }
    INDArray rows = Nd4j.pullRows(tokens, 1, indices);
    return SegmentedObjective.Batch.fullText(vision, rows);
  }

  private INDArray augment(INDArray pixels, int step) {
    if (!options.augmentation().enabled()) {
      return pixels;
    }
    int n = (int) pixels.size(0);
    int size = (int) pixels.size(2);
    int plane = 3 * size * size;
    float[] all = pixels.data().asFloat();
    NativeArrays.free(pixels);
    float[] out = new float[all.length];
    for (int b = 0; b < n; b++) {
      float[] one = Arrays.copyOfRange(all, b * plane, (b + 1) * plane);
      SplittableRandom random = new SplittableRandom(Seeds.derive(options.seed(), STREAM_AUGMENT, step, b));
      System.arraycopy(options.augmentation().apply(one, size, data.mean(), data.std(), random), 0, out, b * plane, plane);
    }
    return Nd4j.create(out, new long[] {n, 3, size, size}, 'c');
  }

  private static void close(SegmentedObjective.Batch batch) {
    for (INDArray a : new INDArray[] {batch.vision(), batch.textFeatures(), batch.tokens()}) {
      NativeArrays.free(a);
    }
  }

  /** Caption features of the frozen text tower, {@code [N, embedDim]}, computed once. */
  private INDArray captionFeatures() {
    List<String> captions = data.captions();
    INDArray out = Nd4j.create(DataType.FLOAT, captions.size(), config.embedDim());
    for (int from = 0; from < captions.size(); from += PREPARATION_CHUNK) {
      int to = Math.min(captions.size(), from + PREPARATION_CHUNK);
      INDArray features = base.encodeTexts(captions.subList(from, to));
      out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(features);
      NativeArrays.free(features);
      listener.onPreparation("caption features", to, captions.size());
    }
    return out;
  }

  /** Token ids of every caption, INT {@code [N, context]}, for FULL training. */
  private INDArray tokenIds() {
    ClipTokenizer tokenizer = ClipTokenizer.load();
    int ctx = config.text().contextLength();
    List<String> captions = data.captions();
    int[] flat = new int[captions.size() * ctx];
    for (int i = 0; i < captions.size(); i++) {
      System.arraycopy(tokenizer.tokenize(captions.get(i), ctx), 0, flat, i * ctx, ctx);
    }
    return Nd4j.createFromArray(flat).reshape(captions.size(), ctx);
  }

  /** SHA-256 over the ids, captions and image size, in order: which data a checkpoint belongs to. */
  private String dataDigest() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(Integer.toString(data.imageSize()).getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < data.size(); i++) {
        md.update((data.id(i) + "\n" + data.captions().get(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private CustomizationResult result(Map<String, INDArray> params, TreeSet<String> trainableNames, TrainingReport report) {
    float logitScale = params.get(ClipWeights.LOGIT_SCALE).getFloat(0);
    GatedModule module = null;
    ClipWeights weights = null;
    if (options.strategy().gated()) {
      Map<String, INDArray> gated = new HashMap<>();
      trainableNames.stream().filter(GatedNames::isGated).forEach(n -> gated.put(n, params.get(n)));
      module = GatedModule.of(config, base.fingerprint(), gated);
    } else {
      Map<String, INDArray> all = new HashMap<>(base.weights().all());
      trainableNames.forEach(n -> all.put(n, params.get(n)));
      weights = new ClipWeights(config, all);
    }
    return new CustomizationResult(
        options, module, weights, logitScale, report, base.fingerprint(), data.retrievedSetDigest().orElse(null), data.classes());
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
