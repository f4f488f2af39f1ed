package org.reactvl.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.bench.RandomCaptions;
import org.reactvl.core.clip.ClipArchitectures;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.examples.model.EmojiClip;
import org.reactvl.index.bench.SearchBenchmark;
import org.reactvl.modules.train.TrainStepBenchmark;
import org.reactvl.modules.train.TuningStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: throughput and peak memory on seeded random weights, one JSON object per line.
 * The first {@code --warmup} iterations are not timed.
 */
@Command(name = "bench", description = "Benchmarks: encode-image, encode-text, search, train-step. One JSON line per result.")
final class BenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The {@code --arch} name of {@link EmojiClip#small()}. */
  private static final String EMOJI_CLIP_S = "emoji-clip-s";

  @Parameters(index = "0", paramLabel = "WHAT", description = "encode-image, encode-text, search or train-step")
  String what;

  @Spec CommandSpec spec;

  @Option(names = "--arch", defaultValue = "ViT-B-32-quickgelu", description = "Architecture (default: ${DEFAULT-VALUE}).")
  String arch;

  @Option(names = "--batch", defaultValue = "32")
  int batch;

  @Option(names = "--iters", defaultValue = "5")
  int iters;

  @Option(names = "--warmup", defaultValue = "1")
  int warmup;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--k", defaultValue = "6", description = "train-step: gated blocks (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--no-prefix-cache", description = "train-step: recompute the frozen layers every step.")
  boolean noPrefixCache;

  @Option(names = "--strategy", defaultValue = "gated-image", description = "train-step: gated-image, locked-text or full (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--layers-per-segment", defaultValue = "0",
      description = "train-step: layers between activation checkpoints; 0 picks from the model size and the memory limit (default: ${DEFAULT-VALUE}).")
  int layersPerSegment;

  @Option(names = "--n", defaultValue = "100000", description = "search: stored vectors (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--dim", defaultValue = "512", description = "search: vector dimension (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--queries", defaultValue = "200", description = "search: queries (default: ${DEFAULT-VALUE}).")
  int queries;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (what.equals("search")) {
      // Seeded clustered vectors; recall@10 against the exact store, per encoding and candidate count.
      SearchBenchmark.Config config = SearchBenchmark.Config.builder().n(n).dimension(dim).queries(queries).seed(seed).build();
      new SearchBenchmark(config).run(row -> {
        out.println(row.toJson());
        out.flush();
      });
      return 0;
    }
    if (what.equals("train-step")) {
      // A training step on seeded random weights (REACT's by default: gated blocks before the last k layers train).
      TuningStrategy tuning = strategy(strategy);
      if (layersPerSegment < 0) {
        throw new IllegalArgumentException("--layers-per-segment must be >= 0 (0: automatic), but was " + layersPerSegment);
      }
      TrainStepBenchmark.Result r = TrainStepBenchmark.run(new TrainStepBenchmark.Options(
          architecture(arch), tuning, batch, k, iters, warmup, !noPrefixCache, layersPerSegment, seed));
      ObjectNode train = JSON.createObjectNode().put("bench", what).put("arch", arch).put("strategy", strategy).put("batch", batch);
      if (tuning.gated()) {
        train.put("k", k).put("prefix_cache", !noPrefixCache);
      }
      train.put("steps", iters)
          .put("seconds_per_step", round(r.secondsPerStep())).put("cpu_seconds_per_step", round(r.cpuSecondsPerStep()))
          .put("samples_per_s", round(r.samplesPerSecond())).put("peak_rss_mb", r.peakRssMb())
          .put("compute_s", round(r.computeSeconds())).put("optimizer_s", round(r.optimizerSeconds()))
          .put("trainable_parameters", r.trainableParameters());
      r.rssMbPerStep().forEach(train.putArray("rss_mb_per_step")::add);
      out.println(train);
      out.flush();
      return 0;
    }
    if (batch <= 0 || iters <= 0 || warmup < 0) {
      throw new IllegalArgumentException("--batch and --iters must be positive and --warmup >= 0, but were " + batch + ", " + iters + ", " + warmup);
    }
    ClipConfig config = architecture(arch);
    ObjectNode line = JSON.createObjectNode().put("bench", what).put("arch", arch).put("batch", batch).put("iters", iters);
    try (ClipModel clip = ClipModel.of(ClipInitializer.random(config, seed))) {
      Runnable step = switch (what) {
        case "encode-image" -> {
          int s = config.vision().imageSize();
          INDArray pixels = Nd4j.rand(DataType.FLOAT, batch, 3, s, s);
          yield () -> clip.encodeImages(pixels);
        }
        case "encode-text" -> {
          int[][] tokens = RandomCaptions.tokens(config, batch, seed);
          yield () -> clip.encodeTokens(tokens);
        }
        default -> throw new IllegalArgumentException(
            "bench must be one of encode-image, encode-text, search, but was '" + what + "'");
      };
      for (int i = 0; i < warmup; i++) {
        step.run();
      }
      long start = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        step.run();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double perS = batch * (double) iters / seconds;
      line.put(what.equals("encode-image") ? "images_per_s" : "texts_per_s", round(perS));
      line.put("seconds_per_batch", round(seconds / iters));
    }
    line.put("peak_rss_mb", PeakMemory.peakRssMb());
    line.put("threads", Runtime.getRuntime().availableProcessors());
    out.println(line);
    out.flush();
    return 0;
  }

  static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  /** A registered architecture, a model-config JSON, or {@code emoji-clip-s}, the shipped small model's shape. */
  private static ClipConfig architecture(String arch) {
    return arch.equals(EMOJI_CLIP_S) ? EmojiClip.small() : ClipArchitectures.resolve(arch);
  }

  private static TuningStrategy strategy(String name) {
    return switch (name) {
      case "gated-image" -> TuningStrategy.GATED_IMAGE;
      case "locked-text" -> TuningStrategy.LOCKED_TEXT;
      case "full" -> TuningStrategy.FULL;
      default -> throw new IllegalArgumentException("--strategy must be gated-image, locked-text or full, but was '" + name + "'");
    };
  }
}
