package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedBlockConfig;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.modules.CustomizationCancelledException;
import org.reactvl.modules.CustomizationListener;
import org.reactvl.modules.DomainCustomization;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.artifact.ModuleMetadata;
import org.reactvl.modules.data.Augmentation;
import org.reactvl.modules.train.Customizer;
import org.reactvl.modules.train.TuningStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code customize}: trains a module on a retrieved set (REACT stage 2) and writes it as a module
 * folder, with a progress bar on stderr and a one-line JSON summary on stdout.
 */
@Command(name = "customize", description = "Train a module on a retrieved set (REACT stage 2: gated-image tuning by default) and"
    + " write it as a module folder (module.json + weights) for --module.")
final class CustomizeCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Spec CommandSpec spec;

  @Option(names = "--retrieved", required = true, paramLabel = "RETRIEVED.jsonl", description = "Retrieved set written by 'react retrieve'.")
  Path retrieved;

  @Option(names = "--out", required = true, paramLabel = "MODULE_DIR",
      description = "Module folder to write: a new or empty folder, or an earlier module folder to replace.")
  Path out;

  @Option(names = "--strategy", defaultValue = "gated-image", paramLabel = "S",
      description = "gated-image (REACT: new gated blocks train, every original weight stays frozen), locked-text (the image tower"
          + " trains) or full (both towers train); default ${DEFAULT-VALUE}.")
  String strategy;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default " + Customizer.DEFAULT_EPOCHS + ").")
  Integer epochs;

  @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps in total, instead of --epochs.")
  Integer steps;

  @Option(names = "--batch", paramLabel = "N", description = "Pairs per step, 2 up to the set's size (default " + Customizer.DEFAULT_BATCH_SIZE + ").")
  Integer batch;

  @Option(names = "--lr", paramLabel = "X", description = "Peak learning rate (default 5e-4; 5e-5 for locked-text).")
  Double lr;

  @Option(names = "--k", paramLabel = "N",
      description = "gated-image: gated blocks before the last N vision layers (default: " + GatedBlockConfig.DEFAULT_LAST_K
          + ", at most half the model's vision layers).")
  Integer k;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Run seed: shuffling, initialisation, augmentation (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--augment", description = "Random resized crop, flip and colour jitter (slower: the frozen layers then run every step).")
  boolean augment;

  @Option(names = "--checkpoints", paramLabel = "DIR", description = "Save the training state here every --checkpoint-every steps; rerunning"
      + " the same command resumes from it.")
  Path checkpoints;

  @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between checkpoints (with --checkpoints).")
  Integer checkpointEvery;

  @Option(names = "--no-progress", description = "Show no progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    TuningStrategy tuning = parseStrategy(strategy);
    checkOptions(tuning);
    OutputPaths.checkNotAnInput("--out", out, java.util.Arrays.asList(retrieved, model.model, checkpoints));
    boolean replacing = checkOut(out);
    RetrievedSet set = readRetrieved(retrieved);
    int batchSize = batch != null ? batch : Customizer.DEFAULT_BATCH_SIZE;
    if (batchSize > set.size()) {
      throw new IllegalArgumentException("--batch must be at most the " + set.size() + " pairs of retrieved set '" + retrieved
          + "', but was " + batchSize + (batch == null ? " (the default)" : ""));
    }
    PrintWriter err = spec.commandLine().getErr();
    try (ClipModel base = model.load()) {
      DomainCustomization.Builder customization = DomainCustomization.builder(base, set)
          .strategy(tuning)
          .batchSize(batchSize)
          .seed(seed);
      if (k != null) {
        checkGatedLayers(base);
        customization.gatedLayers(k);
      }
      if (steps != null) {
        customization.steps(steps);
      } else if (epochs != null) {
        customization.epochs(epochs);
      }
      if (lr != null) {
        customization.learningRate(lr);
      }
      if (augment) {
        customization.augmentation(Augmentation.standard());
      }
      if (checkpoints != null) {
        customization.workFolder(checkpoints).checkpointEvery(checkpointEvery);
      }
      if (set.info().searchedWithOtherModel(base.fingerprint())) {
        err.println("warning: retrieved set '" + retrieved + "' was searched with model " + set.info().model()
            + ", but the model being trained is " + base.fingerprint() + "; training goes on");
        err.flush();
      }
      try (TrainingProgressBar bar = noProgress ? null : new TrainingProgressBar(err, batchSize);
          StopOnInterrupt stop = checkpoints == null ? null : StopOnInterrupt.install(bar, err)) {
        CustomizationListener listener = stop != null ? stop : bar;
        if (listener != null) {
          customization.listener(listener);
        }
        ModuleArtifact artifact;
        try {
          artifact = customization.build().run();
        } catch (CustomizationCancelledException e) {
          if (bar != null) {
            bar.close(); // ends the bar's line before anything else is printed
          }
          err.printf("stopped after %d of %d steps; the checkpoint is in '%s': rerun the same command to resume%n",
              e.stepsDone(), e.totalSteps(), checkpoints);
          err.flush();
          return ReactCli.EXIT_INTERRUPTED;
        }
        if (bar != null) {
          bar.close();
        }
        if (replacing) {
          err.println("replacing the module in '" + out + "'");
        }
        artifact.write(out);
        spec.commandLine().getOut().println(JsonLines.toJson(summary(tuning, artifact.metadata().training().orElseThrow())));
        return 0;
      }
    }
  }

  private void checkOptions(TuningStrategy tuning) {
    if (epochs != null && steps != null) {
      throw new IllegalArgumentException("--epochs and --steps are alternatives, but both were given");
    }
    positive("--epochs", epochs);
    positive("--steps", steps);
    positive("--checkpoint-every", checkpointEvery);
    if (batch != null && batch < 2) {
      throw new IllegalArgumentException("--batch must be at least 2 (the loss contrasts pairs within a batch), but was " + batch);
    }
    if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
      throw new IllegalArgumentException("--lr must be positive, but was " + lr);
    }
    if ((checkpoints == null) != (checkpointEvery == null)) {
      throw new IllegalArgumentException("--checkpoints DIR and --checkpoint-every N must be given together, but only "
          + (checkpoints != null ? "--checkpoints" : "--checkpoint-every") + " was");
    }
    if (k != null && !tuning.gated()) {
      throw new IllegalArgumentException("--k applies to --strategy gated-image, but the strategy is " + label(tuning));
    }
  }

  private void checkGatedLayers(ClipModel base) {
    int layers = base.config().vision().layers();
    if (k < 1 || k > layers) {
      throw new IllegalArgumentException("--k must be in [1, " + layers + "] for this model's " + layers + " vision layers, but was " + k);
    }
  }

  /**
   * Whether {@code out} holds a module to replace; fails, before any training, if it cannot be
   * written or holds anything this library did not write there.
   */
  private static boolean checkOut(Path out) {
    if (Files.isRegularFile(out)) {
      throw new IllegalArgumentException("--out '" + out + "' must be a new or empty folder, or a module folder to replace, but is a file");
    }
    ModuleArtifact.checkWritable(out);
    return Files.isRegularFile(out.resolve(ModuleArtifact.METADATA_FILE));
  }

  private static RetrievedSet readRetrieved(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("retrieved set '" + file + "' must be a file written by 'react retrieve', but "
          + (Files.exists(file) ? "is a folder" : "does not exist"));
    }
    RetrievedSet set = RetrievedSet.read(file);
    if (set.size() < 2) {
      throw new IllegalArgumentException("retrieved set '" + file + "' must hold at least 2 pairs to train on, but holds " + set.size());
    }
    return set;
  }

  private static TuningStrategy parseStrategy(String name) {
    for (TuningStrategy s : TuningStrategy.values()) {
      if (label(s).equals(name.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException("--strategy must be gated-image, locked-text or full, but was '" + name + "'");
  }

  private static String label(TuningStrategy s) {
    return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void positive(String option, Integer value) {
    if (value != null && value <= 0) {
      throw new IllegalArgumentException(option + " must be positive, but was " + value);
    }
  }

  private Map<String, Object> summary(TuningStrategy tuning, ModuleMetadata.Training training) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("strategy", label(tuning));
    summary.put("steps", training.steps());
    summary.put("final_loss", training.finalLoss());
    summary.put("seconds", BenchCommand.round(training.seconds()));
    summary.put("samples_per_s", BenchCommand.round(training.samplesPerSecond()));
    summary.put("out", out.toAbsolutePath().toString());
    return summary;
  }
}
