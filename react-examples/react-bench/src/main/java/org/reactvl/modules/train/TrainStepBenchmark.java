package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.modules.data.PairDataset;

/**
 * Measures training steps on seeded random weights: a {@link Customizer} run of one
 * {@link TuningStrategy} on one batch of random pixels and captions, timed per step after warm-up,
 * with the process's resident memory after every step. The {@code react bench train-step} command
 * prints its result.
 *
 * <pre>{@code
 * TrainStepBenchmark.Result r = TrainStepBenchmark.run(new TrainStepBenchmark.Options(
 *     ClipArchitectures.get("ViT-B-32-quickgelu"), TuningStrategy.GATED_IMAGE, 32, 6, 20, 2, true, 0, 42));
 * System.out.println(r.secondsPerStep() + " s/step, peak " + r.peakRssMb() + " MB");
 * }</pre>
 */
public final class TrainStepBenchmark {
  private TrainStepBenchmark() {}

  /**
   * @param config the model shape (random weights are drawn for it)
   * @param strategy what trains
   * @param batchSize pairs per step
   * @param gatedLayers k (GATED_IMAGE only)
   * @param steps timed steps
   * @param warmupSteps untimed steps first
   * @param cachePrefix read the frozen layers' output from the cache (else recompute it every step)
   * @param layersPerSegment layers between activation checkpoints, or 0 for the customizer's
   *     default (picked from the model size and the memory limit)
   * @param seed weights, pixels and training seed
   */
  public record Options(
      ClipConfig config, TuningStrategy strategy, int batchSize, int gatedLayers, int steps, int warmupSteps, boolean cachePrefix, int layersPerSegment,
      long seed) {
    public Options {
      Objects.requireNonNull(config, "config must not be null");
      Objects.requireNonNull(strategy, "strategy must not be null");
      checkArgument(layersPerSegment >= 0, "layersPerSegment must be >= 0 (0: automatic), but was %s", layersPerSegment);
      checkArgument(batchSize >= 2, "batchSize must be at least 2, but was %s", batchSize);
      checkArgument(steps > 0 && warmupSteps >= 0, "steps must be positive and warmupSteps >= 0, but were %s and %s", steps, warmupSteps);
    }
  }

  /**
   * @param secondsPerStep mean wall time of the timed steps
   * @param cpuSecondsPerStep mean CPU time of the process per timed step (all threads): steadier
   *     than wall time on a shared machine
   * @param samplesPerSecond pairs per second over the timed steps
   * @param peakRssMb the process's peak resident memory (VmHWM), MiB; -1 off Linux
   * @param rssMbPerStep resident memory (VmRSS) after each step, warm-up included, MiB
   * @param preparationSeconds caption features and, with the cache, the frozen layers
   * @param dataSeconds mean time per timed step to assemble the batch
   * @param computeSeconds mean time per timed step for the forward and backward passes
   * @param optimizerSeconds mean time per timed step for clipping and AdamW
   * @param trainableParameters parameters that train (for GATED_IMAGE the gated blocks, with the logit scale)
   */
  public record Result(
      double secondsPerStep, double cpuSecondsPerStep, double samplesPerSecond, long peakRssMb, List<Long> rssMbPerStep, double preparationSeconds, double dataSeconds,
      double computeSeconds, double optimizerSeconds, long trainableParameters) {
    public Result {
      rssMbPerStep = List.copyOf(rssMbPerStep);
    }
  }

  /** Runs the benchmark (minutes for ViT-B/32 on a few cores). */
  public static Result run(Options options) {
    ClipConfig config = options.config();
    int size = config.vision().imageSize();
    int n = options.batchSize();
    Random random = new Random(options.seed());
    float[] pixels = new float[n * 3 * size * size];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    List<String> ids = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("pair-" + i);
      captions.add("a photo of thing number " + i + " on a random background.");
    }
    INDArray pixelArray = Nd4j.create(pixels, new long[] {n, 3, size, size}, 'c');
    PairDataset data = PairDataset.ofPixels(ids, pixelArray, captions);
    List<Long> rss = new ArrayList<>();
    double[] sums = new double[4];
    long[] cpu = new long[2];
    try (ClipModel base = ClipModel.of(ClipInitializer.random(config, options.seed()))) {
      Customizer.Builder builder = Customizer.builder(base)
          .strategy(options.strategy())
          .batchSize(n)
          .steps(options.warmupSteps() + options.steps())
          .cachePrefix(options.cachePrefix())
          .seed(options.seed());
      if (options.strategy().gated()) {
        builder.gatedLayers(options.gatedLayers());
      }
      if (options.layersPerSegment() > 0) {
        builder.layersPerSegment(options.layersPerSegment());
      }
      CustomizationResult r = builder
          .listener(new TrainingListener() {
            @Override
            public void onStart(int firstStep, int totalSteps) {
              cpu[0] = cpuNanos();
            }

            @Override
            public void onStep(TrainingProgress p) {
              rss.add(memoryMb("VmRSS:"));
              if (p.step() == options.warmupSteps()) {
                cpu[0] = cpuNanos();
              }
              if (p.step() == options.warmupSteps() + options.steps()) {
                cpu[1] = cpuNanos();
              }
              if (p.step() > options.warmupSteps()) {
                sums[0] += p.stepSeconds();
                sums[1] += p.dataSeconds();
                sums[2] += p.computeSeconds();
                sums[3] += p.optimizerSeconds();
              }
            }
          })
          .build()
          .fit(data);
      int timed = options.steps();
      long trainable = trainableParameters(r, options.strategy());
      return new Result(
          sums[0] / timed, (cpu[1] - cpu[0]) / 1e9 / timed, n * timed / sums[0], memoryMb("VmHWM:"), rss, r.report().preparationSeconds(), sums[1] / timed, sums[2] / timed,
          sums[3] / timed, trainable);
    }
  }

  private static long trainableParameters(CustomizationResult r, TuningStrategy strategy) {
    long scale = r.options().trainLogitScale() ? 1 : 0;
    if (strategy.gated()) {
      return r.module().orElseThrow().parameterCount() + scale;
    }
    long count = 0;
    for (Map.Entry<String, INDArray> e : r.weights().orElseThrow().all().entrySet()) {
      boolean trains = strategy == TuningStrategy.FULL ? !e.getKey().equals(ClipWeights.LOGIT_SCALE) : e.getKey().startsWith("visual.");
      count += trains ? e.getValue().length() : 0;
    }
    return count + scale;
  }

  /** CPU time of this process so far (all threads), in nanoseconds. */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  /** A memory figure of this process from /proc/self/status, in MiB, or -1 where unavailable. */
  static long memoryMb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
