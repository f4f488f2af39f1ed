package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.Objects;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedBlockConfig;
import org.reactvl.modules.data.Augmentation;
import org.reactvl.modules.data.PairDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customizes a CLIP model on image-caption pairs: REACT's gated-image tuning by default, or the
 * locked-text and full-training alternatives ({@link TuningStrategy}). The loss is CLIP's symmetric
 * InfoNCE with the model's logit scale; the optimizer AdamW with decoupled weight decay, a linear
 * warm-up and cosine decay, and global gradient-norm clipping.
 *
 * <pre>{@code
 * try (ClipModel base = ClipModel.load(Path.of("clip-vit-base-patch32"))) {
 *   PairDataset data = PairDataset.of(RetrievedSet.read(Path.of("retrieved.jsonl")), ImagePreprocessor.clip());
 *   CustomizationResult result = Customizer.builder(base)
 *       .strategy(TuningStrategy.GATED_IMAGE)
 *       .gatedLayers(6)
 *       .batchSize(32)
 *       .epochs(10)
 *       .learningRate(5e-4)
 *       .checkpoints(Path.of("run/checkpoints"), 100)
 *       .listener(progressBar)
 *       .build()
 *       .fit(data);
 *   ModuleArtifact.of(result).write(Path.of("modules/dogs"));
 *   ClipModel custom = result.applyTo(base);
 * }
 * }</pre>
 *
 * <p><b>What runs.</b> The frozen text tower encodes every caption once. For GATED_IMAGE without
 * augmentation the frozen image layers before the first gated block also run once per image
 * (cached in a temporary file), so a step runs only the last k layers, their gated blocks and the
 * head. The forward and backward passes are written by hand on ND4J arrays (no autodiff graph):
 * frozen layers pass only input gradients. Activations are checkpointed every
 * {@code layersPerSegment} layers (by default as many as the memory limit allows): the backward
 * pass recomputes one segment at a time, which bounds memory by one segment's activations.
 *
 * <p><b>Resuming.</b> With {@link Builder#checkpoints} set, the state is saved every n steps and
 * when a listener asks to stop; {@code fit} on the same data, base model and settings continues
 * from the latest checkpoint and ends with the weights an uninterrupted run would have had, bit for
 * bit. A checkpoint written by a different run is refused.
 *
 * <p>Immutable and thread-safe: concurrent {@code fit} calls train independently (each is single
 * threaded; ND4J uses the cores).
 */
public final class Customizer {
  private static final Logger LOG = LoggerFactory.getLogger(Customizer.class);
  /** Pairs per step unless set. */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** Passes over the data unless steps or epochs are set. */
  public static final int DEFAULT_EPOCHS = 10;

  private final ClipModel base;
  private final Builder settings;

  private Customizer(ClipModel base, Builder settings) {
    this.base = base;
    this.settings = settings.copy();
  }

  /** A builder for customizing {@code base} (a model without a module). */
  public static Builder builder(ClipModel base) {
    return new Builder(base);
  }

  /**
   * Trains on {@code data} and returns the result; resumes from the latest checkpoint when one from
   * the same run exists.
   *
   * @throws IllegalArgumentException if the data does not fit the model or the batch size
   * @throws IllegalStateException if the checkpoint directory holds a checkpoint of another run
   * @throws org.reactvl.core.ReactException if training diverges (a non-finite loss or gradient) or
   *     a file cannot be read or written
   */
  public CustomizationResult fit(PairDataset data) {
    checkArgument(
        data.imageSize() == base.config().vision().imageSize(),
        "images must be %s x %s pixels for this model, but the dataset's are %s x %s",
        base.config().vision().imageSize(), base.config().vision().imageSize(), data.imageSize(), data.imageSize());
    if (data.retrievedWithOtherModel(base.fingerprint())) {
      LOG.warn("the retrieved set was searched with model {}, but the model being trained is {}; training goes on",
          data.retrievalModel().orElseThrow(), base.fingerprint());
    }
    TrainingOptions options = settings.resolve(data.size());
    Path work = settings.workDirectory != null ? settings.workDirectory
        : settings.checkpointDirectory != null ? settings.checkpointDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    return new TrainingRun(base, options, data, settings.checkpointDirectory, settings.checkpointEvery, work, settings.listener).run();
  }

  /**
   * Settings for a {@link Customizer}. Learning rate and warm-up default per strategy: 5e-4 for
   * GATED_IMAGE and FULL, 5e-5 for LOCKED_TEXT (the paper's), with 5% of the steps as warm-up. Not
   * thread-safe.
   */
  public static final class Builder {
    private final ClipModel base;
    private TuningStrategy strategy = TuningStrategy.GATED_IMAGE;
    private int gatedLayers;
    private double gatedInitScale = 1.0;
    private int batchSize;
    private int epochs = DEFAULT_EPOCHS;
    private int steps;
    private double learningRate;
    private int warmupSteps = -1;
    private double weightDecay = 0.1;
    private double beta1 = 0.9;
    private double beta2 = 0.98;
    private double epsilon = 1e-6;
    private double maxGradientNorm = 1.0;
    private boolean trainLogitScale = true;
    private Augmentation augmentation = Augmentation.none();
    private boolean cachePrefix = true;
    /** 0: picked in {@link #resolve} by {@link SegmentSizing}. */
    private int layersPerSegment;
    private long seed = 42;
    private Path checkpointDirectory;
    private int checkpointEvery;
    private Path workDirectory;
    private TrainingListener listener = new TrainingListener() {};

    private Builder(ClipModel base) {
      Objects.requireNonNull(base, "base model must not be null");
      checkArgument(base.module().isEmpty(), "the base model must not have a gated module attached");
      this.base = base;
      this.gatedLayers = GatedBlockConfig.defaultLastK(base.config().vision().layers());
    }

    private Builder copy() {
      Builder b = new Builder(base);
      b.strategy = strategy;
      b.gatedLayers = gatedLayers;
      b.gatedInitScale = gatedInitScale;
      b.batchSize = batchSize;
      b.epochs = epochs;
      b.steps = steps;
      b.learningRate = learningRate;
      b.warmupSteps = warmupSteps;
      b.weightDecay = weightDecay;
      b.beta1 = beta1;
      b.beta2 = beta2;
      b.epsilon = epsilon;
      b.maxGradientNorm = maxGradientNorm;
      b.trainLogitScale = trainLogitScale;
      b.augmentation = augmentation;
      b.cachePrefix = cachePrefix;
      b.layersPerSegment = layersPerSegment;
      b.seed = seed;
      b.checkpointDirectory = checkpointDirectory;
      b.checkpointEvery = checkpointEvery;
      b.workDirectory = workDirectory;
      b.listener = listener;
      return b;
    }

    /** Which weights train (default GATED_IMAGE). */
    public Builder strategy(TuningStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
      return this;
    }

    /** k: gated blocks before the last k image layers (default {@link GatedBlockConfig#defaultLastK} of the model's vision layers). */
    public Builder gatedLayers(int k) {
      int layers = base.config().vision().layers();
      checkArgument(k > 0 && k <= layers, "gatedLayers must be in [1, %s] for this model, but was %s", layers, k);
      this.gatedLayers = k;
      return this;
    }

    /** Multiplies the gated blocks' initial standard deviations (default 1). */
    public Builder gatedInitScale(double scale) {
      checkArgument(scale > 0 && Double.isFinite(scale), "gatedInitScale must be positive, but was %s", scale);
      this.gatedInitScale = scale;
      return this;
    }

    /** Pairs per step (default 32, or the dataset's size when it has fewer pairs). */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize >= 2, "batchSize must be at least 2, but was %s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** Passes over the data (default 10); ignored when {@link #steps} is set. */
    public Builder epochs(int epochs) {
      checkArgument(epochs > 0, "epochs must be positive, but was %s", epochs);
      this.epochs = epochs;
      return this;
    }

    /** Optimizer steps in total; the data is reshuffled after every pass. Overrides epochs. */
    public Builder steps(int steps) {
      checkArgument(steps > 0, "steps must be positive, but was %s", steps);
      this.steps = steps;
      return this;
    }

    /** Peak learning rate (default 5e-4, or 5e-5 for LOCKED_TEXT). */
    public Builder learningRate(double learningRate) {
      checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be positive, but was %s", learningRate);
      this.learningRate = learningRate;
      return this;
    }

    /** Linear warm-up steps (default 5% of the steps). */
    public Builder warmupSteps(int warmupSteps) {
      checkArgument(warmupSteps >= 0, "warmupSteps must be >= 0, but was %s", warmupSteps);
      this.warmupSteps = warmupSteps;
      return this;
    }

    /** AdamW's decoupled weight decay for matrices (default 0.1). */
    public Builder weightDecay(double weightDecay) {
      checkArgument(weightDecay >= 0, "weightDecay must be >= 0, but was %s", weightDecay);
      this.weightDecay = weightDecay;
      return this;
    }

    /** AdamW's moment decays (default 0.9 and 0.98, open_clip's). */
    public Builder betas(double beta1, double beta2) {
      checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1), but were %s and %s", beta1, beta2);
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** AdamW's epsilon (default 1e-6). */
    public Builder epsilon(double epsilon) {
      checkArgument(epsilon > 0, "epsilon must be positive, but was %s", epsilon);
      this.epsilon = epsilon;
      return this;
    }

    /** Global gradient-norm limit (default 1.0); 0 disables clipping. */
    public Builder maxGradientNorm(double maxGradientNorm) {
      checkArgument(maxGradientNorm >= 0, "maxGradientNorm must be >= 0, but was %s", maxGradientNorm);
      this.maxGradientNorm = maxGradientNorm;
      return this;
    }

    /** Whether the logit scale trains (default true, as REACT). */
    public Builder trainLogitScale(boolean trainLogitScale) {
      this.trainLogitScale = trainLogitScale;
      return this;
    }

    /** Image augmentation (default none, which lets GATED_IMAGE cache the frozen layers). */
    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = Objects.requireNonNull(augmentation, "augmentation must not be null");
      return this;
    }

    /** Whether GATED_IMAGE without augmentation caches the frozen layers' output (default true). */
    public Builder cachePrefix(boolean cachePrefix) {
      this.cachePrefix = cachePrefix;
      return this;
    }

    /**
     * Layers between activation checkpoints. Fewer keep less in memory but recompute more forward
     * passes; the result is the same bit for bit. By default as many layers as fit in 40% of the
     * native memory limit ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes}, else half the machine's
     * memory), which is all of them (no recomputation) for ViT-B/32 with k = 6 at batch 32 under a
     * limit of 3 GB or more: its kept activations take about 180 MB per layer.
     */
    public Builder layersPerSegment(int layersPerSegment) {
      checkArgument(layersPerSegment > 0, "layersPerSegment must be positive, but was %s", layersPerSegment);
      this.layersPerSegment = layersPerSegment;
      return this;
    }

    /** The run seed (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Saves a checkpoint to {@code directory} every {@code everySteps} steps and at the end; resumes from it. */
    public Builder checkpoints(Path directory, int everySteps) {
      checkArgument(everySteps > 0, "checkpoint interval must be positive, but was %s", everySteps);
      this.checkpointDirectory = Objects.requireNonNull(directory, "checkpoint directory must not be null");
      this.checkpointEvery = everySteps;
      return this;
    }

    /** Where temporary files (the prefix cache) go (default: the checkpoint directory, else java.io.tmpdir). */
    public Builder workDirectory(Path directory) {
      this.workDirectory = Objects.requireNonNull(directory, "work directory must not be null");
      return this;
    }

    /** Receives progress and may stop the run. */
    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /** The customizer; the builder can be changed and reused afterwards. */
    public Customizer build() {
      return new Customizer(base, this);
    }

    private TrainingOptions resolve(int dataSize) {
      checkArgument(batchSize <= dataSize, "batchSize must be at most the %s pairs of the dataset, but was %s", dataSize, batchSize);
      int batch = batchSize > 0 ? batchSize : Math.min(DEFAULT_BATCH_SIZE, dataSize);
      int k = gatedLayers > 0 ? gatedLayers : GatedBlockConfig.defaultLastK(base.config().vision().layers());
      int perEpoch = dataSize / batch;
      int total = steps > 0 ? steps : Math.multiplyExact(epochs, perEpoch);
      double lr = learningRate > 0 ? learningRate : strategy == TuningStrategy.LOCKED_TEXT ? 5e-5 : 5e-4;
      int warmup = warmupSteps >= 0 ? Math.min(warmupSteps, total) : total / 20;
      return new TrainingOptions(
          strategy, strategy.gated() ? k : 0, gatedInitScale, batch, total, perEpoch, lr, warmup, weightDecay, beta1, beta2, epsilon,
          maxGradientNorm, trainLogitScale, augmentation, cachePrefix, segmentLayers(k, batch), seed);
    }

    private int segmentLayers(int k, int batch) {
      if (layersPerSegment > 0) {
        return layersPerSegment;
      }
      return SegmentSizing.layersPerSegment(base.config(), strategy, k, batch, SegmentSizing.nativeLimitBytes());
    }
  }
}
