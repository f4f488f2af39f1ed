package org.reactvl.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reactvl.core.clip.CheckpointWriter;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.io.DType;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiCorpus;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.examples.model.DomainEvaluation;
import org.reactvl.examples.model.EmojiClip;
import org.reactvl.examples.model.Pretraining;
import org.reactvl.examples.model.PretrainingSplit;
import org.reactvl.modules.data.Augmentation;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.TrainingListener;
import org.reactvl.modules.train.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code pretrain}: trains the small emoji CLIP ({@link EmojiClip#small()}) from scratch on the
 * emoji pool, or on the part of it a {@link PretrainingSplit} chooses ({@code --families},
 * {@code --thin-domains}, {@code --thin-keep}), and writes it in the Hugging Face layout (config.json + float16 model.safetensors) with
 * a {@code provenance.json}: the command, seed, data versions and split, training time, loss and
 * zero-shot accuracy on the Streamline validation sets (for choosing how long to pre-train) and the
 * held-out Fluent test sets. Interrupted runs resume from {@code --checkpoints}.
 * {@code --from} continues pre-training from a model this command wrote (fresh optimizer state and
 * schedule), so a longer-trained model can build on a shorter run; its provenance nests the source's.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = "Pre-train the small emoji CLIP from scratch on the emoji pool (all weights train).")
public final class PretrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, description = "Folder for the trained model (config.json, model.safetensors, provenance.json).")
  Path out;

  @Option(names = "--from", description = "Continue from this model folder (written by pretrain) instead of random weights.")
  Path from;

  @Option(names = "--cache-dir", description = "Emoji render cache (default: ${DEFAULT-VALUE}).")
  Path cacheDir = EmojiCorpus.defaultCacheDir();

  @Option(names = "--families", split = ",", paramLabel = "F[,F...]",
      description = "Pre-train only on these pool families (default: all of them).")
  List<String> families;

  @Option(names = "--thin-domains", split = ",", paramLabel = "D[,D...]",
      description = "Keep these domains' concepts (animals-47, food-36) only in the --thin-keep families, so the retrieval pool"
          + " holds designs of them the model never saw (default: none).")
  List<String> thinDomains;

  @Option(names = "--thin-keep", split = ",", paramLabel = "F[,F...]",
      description = "The families in which the --thin-domains concepts stay (default: none, so they are left out entirely).")
  List<String> thinKeep;

  @Option(names = "--image-size", paramLabel = "PX",
      description = "Image side of a new model, at most the renders' 64 px (default: " + EmojiClip.IMAGE_SIZE + "; a --from model keeps its own).")
  Integer imageSize;

  @Option(names = "--patch-size", paramLabel = "PX",
      description = "Patch side of a new model; the image side must be a multiple (default: " + EmojiClip.PATCH_SIZE + ").")
  Integer patchSize;

  @Option(names = "--epochs", defaultValue = "20", description = "Passes over the pairs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--steps", description = "Optimizer steps in total; overrides --epochs.")
  Integer steps;

  @Option(names = "--batch", defaultValue = "128", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--warmup", defaultValue = "50", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-augment", description = "Train without random crops, flips and colour jitter.")
  boolean noAugment;

  @Option(names = "--checkpoints", description = "Checkpoint folder; a rerun with the same settings resumes from it.")
  Path checkpoints;

  @Option(names = "--checkpoint-every", defaultValue = "50", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--max-minutes", description = "Stop (after a checkpoint) once this much wall time has passed; rerun to resume.")
  Double maxMinutes;

  @Option(names = "--log-every", defaultValue = "10", description = "Steps between progress lines on stderr (default: ${DEFAULT-VALUE}).")
  int logEvery;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    refuseNonEmpty(out);
    if (from != null && !Files.isRegularFile(from.resolve("config.json"))) {
      throw new IllegalArgumentException(
          "--from must be a model folder written by pretrain (config.json + model.safetensors), but '" + from + "' has no config.json");
    }
    if (from != null && (imageSize != null || patchSize != null)) {
      throw new IllegalArgumentException("--image-size and --patch-size shape a new model; --from '" + from
          + "' continues a model with its own image and patch size, so leave them out");
    }
    PretrainingSplit split = new PretrainingSplit(families == null ? EmojiCorpus.POOL_FAMILIES : families,
        thinDomains == null ? List.of() : thinDomains.stream().map(Domain::parse).toList(), thinKeep == null ? List.of() : thinKeep);
    if (from != null) {
      refuseAnotherSplit(split);
    }
    ClipConfig architecture = EmojiClip.small(imageSize == null ? EmojiClip.IMAGE_SIZE : imageSize,
        patchSize == null ? EmojiClip.PATCH_SIZE : patchSize);
    EmojiCorpus corpus = EmojiCorpus.builder().cacheDir(cacheDir).build();
    List<EmojiImage> fullPool = corpus.pool();
    List<EmojiImage> pool = split.select(fullPool);
    err.printf("pre-training on %d of the pool's %d images (%s)%n", pool.size(), fullPool.size(), split);
    long started = System.nanoTime();
    StepLog log = new StepLog(err, logEvery, maxMinutes == null ? Long.MAX_VALUE : (long) (maxMinutes * 60e9), started);
    CustomizationResult result;
    PairDataset data;
    try (ClipModel initial = from == null ? Pretraining.initial(architecture, seed) : ClipModel.load(from);
        StopOnInterrupt stop = checkpoints == null ? null : StopOnInterrupt.install(log, err)) {
      ClipConfig config = initial.config();
      data = Pretraining.dataset(pool, config.vision().imageSize());
      result = Pretraining.customizer(initial, b -> {
        b.batchSize(batch).learningRate(learningRate).warmupSteps(warmup).weightDecay(weightDecay).seed(seed)
            .layersPerSegment(config.vision().layers())
            .augmentation(noAugment ? Augmentation.none() : Augmentation.standard()).listener(stop != null ? stop : log);
        if (steps != null) {
          b.steps(steps);
        } else {
          b.epochs(epochs);
        }
        if (checkpoints != null) {
          b.checkpoints(checkpoints, checkpointEvery);
        }
        return b;
      }).fit(data);
      if (!result.report().completed()) {
        err.printf("stopped after %d of %d steps; rerun the same command to resume from %s%n",
            result.report().stepsDone(), result.report().totalSteps(), checkpoints);
        err.flush();
        return stop != null && stop.wasInterrupted() ? ReactCli.EXIT_INTERRUPTED : 0;
      }
    }
    CheckpointWriter.writeHuggingFace(result.weights().orElseThrow(), out, DType.F16);
    Map<String, ZeroShotReport> zeroShot = new LinkedHashMap<>();
    Map<String, ZeroShotReport> validation = new LinkedHashMap<>();
    ClipConfig trainedConfig;
    try (ClipModel trained = ClipModel.load(out)) {
      trainedConfig = trained.config();
      for (Domain domain : Domain.values()) {
        validation.put(domain.id(), DomainEvaluation.evaluate(trained, domain, corpus.validationSet(domain), Bootstrap.DEFAULT));
        zeroShot.put(domain.id(), DomainEvaluation.evaluate(trained, domain, corpus.testSet(domain), Bootstrap.DEFAULT));
      }
    }
    writeProvenance(result, trainedConfig, split.describe(fullPool), data.size(), validation, zeroShot, (System.nanoTime() - started) / 1e9);
    validation.forEach((domain, r) -> stdout.printf("%s validation zero-shot top-1 %s, top-5 %s (%d images)%n", domain, r.top1(), r.top5(),
        r.images()));
    zeroShot.forEach((domain, r) -> stdout.printf("%s test zero-shot top-1 %s, top-5 %s (%d images)%n", domain, r.top1(), r.top5(), r.images()));
    stdout.printf("model written to %s%n", out);
    return 0;
  }

  /** A finished run must not overwrite a model (or anything else) the user already has. */
  private static void refuseNonEmpty(Path folder) {
    if (Files.isRegularFile(folder)) {
      throw new IllegalArgumentException("--out must be a folder for the new model, but '" + folder + "' is a file");
    }
    if (Files.isDirectory(folder)) {
      try (var entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--out must be a new or empty folder, but '" + folder + "' already has files; choose another folder");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
      }
    }
  }

  private void writeProvenance(CustomizationResult result, ClipConfig config, Map<String, Object> split, int pairs, Map<String, ZeroShotReport> validation,
      Map<String, ZeroShotReport> zeroShot, double wallSeconds) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("model", "emoji-clip-s");
    root.put("command", "react " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    root.put("seed", seed);
    if (from != null) {
      root.set("continued_from", sourceProvenance(json));
    }
    root.put("created", Instant.now().toString());
    ObjectNode data = root.putObject("data");
    data.put("pool_families", String.join(",", EmojiCorpus.POOL_FAMILIES));
    data.put("held_out_families", String.join(",", EmojiCorpus.TEST_FAMILIES));
    data.put("validation_families", String.join(",", EmojiCorpus.VALIDATION_FAMILIES));
    data.set("split", json.valueToTree(split));
    data.put("images", (Integer) split.get("images"));
    data.put("pairs_per_epoch", pairs);
    data.put("render_size", EmojiCorpus.DEFAULT_SIZE);
    data.put("model_image_size", config.vision().imageSize());
    data.put("model_patch_size", config.vision().patchSize());
    data.put("versions", "org.webjars.npm:iconify__json:2.2.378, net.fellbaum:jemoji:2.0.0, org.webjars.npm:emojilib:3.0.7, com.github.weisj:jsvg:2.1.0");
    ObjectNode training = root.putObject("training");
    training.put("strategy", result.strategy().name());
    training.put("steps", result.report().stepsDone());
    training.put("batch", batch);
    training.put("learning_rate", learningRate);
    training.put("warmup_steps", warmup);
    training.put("weight_decay", weightDecay);
    training.put("augmentation", !noAugment);
    training.put("seconds", result.report().seconds());
    training.put("seconds_per_step", result.report().secondsPerStep());
    training.put("wall_seconds_this_run", wallSeconds);
    training.put("loss_first_10", result.report().meanLossOfFirst(10));
    training.put("loss_last_10", result.report().meanLossOfLast(10));
    training.put(ClipWeights.LOGIT_SCALE, result.logitScale());
    training.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java " + Runtime.version());
    zeroShotFigures(root.putObject("zero_shot_validation"), validation);
    zeroShotFigures(root.putObject("zero_shot_fluent"), zeroShot);
    try {
      json.writeValue(out.resolve("provenance.json").toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve("provenance.json") + ": " + e.getMessage(), e);
    }
  }

  private static void zeroShotFigures(ObjectNode metrics, Map<String, ZeroShotReport> zeroShot) {
    zeroShot.forEach((domain, r) -> {
      ObjectNode d = metrics.putObject(domain);
      d.put("images", r.images());
      d.put("top1", r.top1().estimate());
      d.put("top1_low", r.top1().lower());
      d.put("top1_high", r.top1().upper());
      d.put("top5", r.top5().estimate());
    });
  }

  /**
   * A model continued from one pre-trained on a split must keep that split, or the pool would no
   * longer hold only what the model never saw; a source without a recorded split is not checked.
   */
  private void refuseAnotherSplit(PretrainingSplit split) {
    JsonNode recorded = sourceProvenance(new ObjectMapper()).path("data").path("split");
    if (recorded.isMissingNode()) {
      return;
    }
    List<String> families = strings(recorded.path("families"));
    List<String> thinned = strings(recorded.path("thinned_domains"));
    List<String> kept = strings(recorded.path("kept_families"));
    if (!families.equals(split.families()) || !thinned.equals(split.thinnedDomains().stream().map(Domain::id).toList())
        || !kept.equals(split.keptFamilies())) {
      throw new IllegalArgumentException("--from model '" + from + "' was pre-trained on families " + families + ", thinned " + thinned
          + " kept in " + kept + ", so this run must use the same split (--families, --thin-domains, --thin-keep), but it was " + split);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The provenance of the --from model, or a note naming the folder when it has none. */
  private ObjectNode sourceProvenance(ObjectMapper json) {
    Path file = from.resolve("provenance.json");
    try {
      if (Files.isRegularFile(file)) {
        return (ObjectNode) json.readTree(file.toFile());
      }
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("cannot read the provenance of the --from model " + file + ": " + e.getMessage(), e);
    }
    ObjectNode note = json.createObjectNode();
    note.put("folder", from.toAbsolutePath().toString());
    note.put("provenance", "none");
    return note;
  }

  /** One line of progress every n steps; asks the run to stop once the time budget is spent. */
  private static final class StepLog implements TrainingListener {
    private final PrintWriter err;
    private final int every;
    private final long budgetNanos;
    private final long started;

    StepLog(PrintWriter err, int every, long budgetNanos, long started) {
      this.err = err;
      this.every = every;
      this.budgetNanos = budgetNanos;
      this.started = started;
    }

    @Override
    public void onPreparation(String phase, int done, int total) {
      if (done == total) {
        err.printf("%s: %d done%n", phase, total);
        err.flush();
      }
    }

    @Override
    public void onStart(int firstStep, int totalSteps) {
      err.printf("training steps %d..%d%n", firstStep + 1, totalSteps);
      err.flush();
    }

    @Override
    public void onStep(TrainingProgress p) {
      if (p.step() % every == 0 || p.step() == p.totalSteps()) {
        err.printf("step %d/%d epoch %d loss %.4f lr %.2e |g| %.3f scale %.2f  %.2f s/step (data %.2f, compute %.2f, optimizer %.2f)%n", p.step(), p.totalSteps(), p.epoch(),
            p.loss(), p.learningRate(), p.gradientNorm(), p.logitScale(), p.stepSeconds(), p.dataSeconds(), p.computeSeconds(), p.optimizerSeconds());
        err.flush();
      }
    }

    @Override
    public void onCheckpoint(int step, Path directory) {
      err.printf("checkpoint at step %d%n", step);
      err.flush();
    }

    @Override
    public boolean stopRequested() {
      return System.nanoTime() - started > budgetNanos;
    }
  }
}
