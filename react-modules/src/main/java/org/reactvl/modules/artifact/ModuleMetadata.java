package org.reactvl.modules.artifact;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.reactvl.modules.train.TrainingOptions;
import org.reactvl.modules.train.TrainingReport;
import org.reactvl.modules.train.TuningStrategy;

/**
 * What {@code module.json} records about a module: the base model it belongs to, where its gated
 * blocks sit, how it was trained (the complete {@link TrainingOptions} and the run's figures), what it
 * was trained on (the retrieved set's digest and classes), how well it does (metrics) and where it
 * came from (library and Java versions, creation time, import source). Immutable; made with {@link
 * #builder}.
 *
 * @param strategy how it was trained
 * @param base the base model it belongs to
 * @param layers the image layers that have a gated block before them (empty for LOCKED_TEXT and FULL)
 * @param logitScale the trained logit scale
 * @param options the training settings; empty for imported modules
 * @param training the run's figures; empty for imported modules
 * @param retrievedSet the data it was trained on
 * @param metrics evaluation results by name, such as {@code zeroshot.top1}
 * @param provenance where it came from
 */
public record ModuleMetadata(
    TuningStrategy strategy,
    Base base,
    List<Integer> layers,
    double logitScale,
    Optional<TrainingOptions> options,
    Optional<Training> training,
    RetrievedSetSource retrievedSet,
    Map<String, Double> metrics,
    Provenance provenance) {
  public ModuleMetadata {
    Objects.requireNonNull(strategy, "strategy must not be null");
    Objects.requireNonNull(base, "base must not be null");
    Objects.requireNonNull(options, "options must not be null (use Optional.empty())");
    Objects.requireNonNull(training, "training must not be null (use Optional.empty())");
    Objects.requireNonNull(retrievedSet, "retrievedSet must not be null");
    Objects.requireNonNull(provenance, "provenance must not be null");
    layers = List.copyOf(layers);
    checkArgument(strategy.gated() != layers.isEmpty(), "a %s module must have %s, but has layers %s", strategy,
        strategy.gated() ? "gated layers" : "no gated layers", layers);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** A builder for the metadata of a {@code strategy} module of {@code base}. */
  public static Builder builder(TuningStrategy strategy, Base base) {
    return new Builder(strategy, base);
  }

  /** Fingerprint of the base model ({@code ClipWeights.fingerprint()}). */
  public String baseFingerprint() {
    return base.fingerprint();
  }

  /** k, the number of gated blocks (0 for LOCKED_TEXT and FULL). */
  public int gatedLayers() {
    return layers.size();
  }

  /** Digest of the retrieved set trained on, when known. */
  public Optional<String> retrievedSetDigest() {
    return retrievedSet.digest();
  }

  /** Classes of the retrieved set trained on (empty when unknown). */
  public List<String> classes() {
    return retrievedSet.classes();
  }

  /** A copy with {@code more} metrics added (replacing equal names). */
  public ModuleMetadata withMetrics(Map<String, Double> more) {
    Map<String, Double> m = new LinkedHashMap<>(metrics);
    m.putAll(more);
    return new ModuleMetadata(strategy, base, layers, logitScale, options, training, retrievedSet, m, provenance);
  }

  /**
   * The base model a module belongs to.
   *
   * @param fingerprint fingerprint of its weights (64 hex digits)
   * @param config its shape, as text
   */
  public record Base(String fingerprint, String config) {
    public Base {
      checkArgument(fingerprint != null && fingerprint.matches("[0-9a-f]{64}"), "base fingerprint must be 64 hex digits, but was '%s'", fingerprint);
      Objects.requireNonNull(config, "base config must not be null");
    }
  }

  /**
   * What a training run did.
   *
   * @param steps steps done
   * @param totalSteps steps planned
   * @param seconds wall time of the steps of the last run (a resumed run counts its own)
   * @param samplesPerSecond pairs trained per second
   * @param firstLoss the first step's loss
   * @param finalLoss the last step's loss
   */
  public record Training(int steps, int totalSteps, double seconds, double samplesPerSecond, double firstLoss, double finalLoss) {
    /** The figures of {@code report} (which must have at least one step). */
    public static Training of(TrainingReport report) {
      float[] curve = report.lossCurve();
      checkArgument(curve.length > 0, "a module's training must have at least one step, but had none");
      return new Training(report.stepsDone(), report.totalSteps(), report.seconds(), report.samplesPerSecond(), curve[0], curve[curve.length - 1]);
    }
  }

  /**
   * The data a module was trained on.
   *
   * @param digest the retrieved set's digest, when the data came from one
   * @param classes its classes (empty when unknown)
   */
  public record RetrievedSetSource(Optional<String> digest, List<String> classes) {
    public RetrievedSetSource {
      Objects.requireNonNull(digest, "digest must not be null (use Optional.empty())");
      classes = List.copyOf(classes);
    }

    /** Nothing known about the data (an imported module). */
    public static RetrievedSetSource unknown() {
      return new RetrievedSetSource(Optional.empty(), List.of());
    }
  }

  /**
   * Where a module came from.
   *
   * @param libraryVersion the version of this library that wrote it ({@value #UNKNOWN} for files
   *     written before it was recorded)
   * @param javaVersion the Java version that wrote it
   * @param createdAt when it was made
   * @param importedFrom the REACT file it was imported from, for imported modules
   */
  public record Provenance(String libraryVersion, String javaVersion, Instant createdAt, Optional<String> importedFrom) {
    /** The library version of files written before it was recorded. */
    public static final String UNKNOWN = "unknown";

    public Provenance {
      Objects.requireNonNull(libraryVersion, "library version must not be null");
      Objects.requireNonNull(javaVersion, "java version must not be null");
      Objects.requireNonNull(createdAt, "creation time must not be null");
      Objects.requireNonNull(importedFrom, "importedFrom must not be null (use Optional.empty())");
    }

    /** This library and JVM, now. */
    public static Provenance now(Optional<String> importedFrom) {
      return new Provenance(LIBRARY_VERSION, System.getProperty("java.version"), Instant.now(), importedFrom);
    }
  }

  /** The version of this library, from the jar's build (see {@code react-version.properties}). */
  static final String LIBRARY_VERSION = readLibraryVersion();

  private static String readLibraryVersion() {
    try (InputStream in = ModuleMetadata.class.getResourceAsStream("react-version.properties")) {
      if (in == null) {
        return Provenance.UNKNOWN;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", Provenance.UNKNOWN);
    } catch (IOException e) {
      return Provenance.UNKNOWN;
    }
  }

  /** Assembles a {@link ModuleMetadata}; not thread-safe. */
  public static final class Builder {
    private final TuningStrategy strategy;
    private final Base base;
    private List<Integer> layers = List.of();
    private double logitScale;
    private TrainingOptions options;
    private Training training;
    private RetrievedSetSource retrievedSet = RetrievedSetSource.unknown();
    private Map<String, Double> metrics = Map.of();
    private Provenance provenance;

    private Builder(TuningStrategy strategy, Base base) {
      this.strategy = strategy;
      this.base = base;
    }

    /** The gated layers (GATED_IMAGE). */
    public Builder layers(List<Integer> layers) {
      this.layers = layers;
      return this;
    }

    /** The trained logit scale. */
    public Builder logitScale(double logitScale) {
      this.logitScale = logitScale;
      return this;
    }

    /** The training settings. */
    public Builder options(TrainingOptions options) {
      this.options = options;
      return this;
    }

    /** The run's figures. */
    public Builder training(Training training) {
      this.training = training;
      return this;
    }

    /** The data trained on. */
    public Builder retrievedSet(RetrievedSetSource retrievedSet) {
      this.retrievedSet = retrievedSet;
      return this;
    }

    /** Evaluation results. */
    public Builder metrics(Map<String, Double> metrics) {
      this.metrics = metrics;
      return this;
    }

    /** Where it came from (default: this library and JVM, now). */
    public Builder provenance(Provenance provenance) {
      this.provenance = provenance;
      return this;
    }

    public ModuleMetadata build() {
      return new ModuleMetadata(strategy, base, layers, logitScale, Optional.ofNullable(options), Optional.ofNullable(training), retrievedSet,
          metrics, provenance != null ? provenance : Provenance.now(Optional.empty()));
    }
  }
}
