package org.reactvl.core.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactvl.core.clip.ClipArchitectures;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;

/**
 * One batch through the image tower and one through the text tower of a CLIP with seeded random weights
 * (the time does not depend on the weights). Captions are 5-20 random tokens, as real ones are, so text
 * batches run on a short length bucket. Time per batch; {@code react bench encode-image|encode-text}
 * reports the same as items per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2"})
public class EncoderJmh {
  @Param({"ViT-B-32-quickgelu"})
  String arch;

  @Param({"32"})
  int batch;

  private ClipModel clip;
  private INDArray pixels;
  private int[][] tokens;

  /** Draws the weights, a batch of random pixels and a batch of random captions. */
  @Setup(Level.Trial)
  public void load() {
    ClipConfig config = ClipArchitectures.resolve(arch);
    clip = ClipModel.of(ClipInitializer.random(config, 42));
    int size = config.vision().imageSize();
    pixels = Nd4j.rand(DataType.FLOAT, batch, 3, size, size);
    tokens = RandomCaptions.tokens(config, batch, 42);
  }

  @Benchmark
  public INDArray encodeImages() {
    return clip.encodeImages(pixels);
  }

  @Benchmark
  public INDArray encodeTexts() {
    return clip.encodeTokens(tokens);
  }

  @TearDown(Level.Trial)
  public void close() {
    clip.close();
  }
}
