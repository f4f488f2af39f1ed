package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.gated.GatedModule;

/**
 * What {@link Customizer#fit} produced: for GATED_IMAGE a {@link GatedModule} (the base weights are
 * untouched), for LOCKED_TEXT and FULL new {@link ClipWeights}; plus the trained logit scale, the
 * {@link TrainingReport} and the provenance a {@code ModuleArtifact} records.
 *
 * <pre>{@code
 * CustomizationResult r = customizer.fit(data);
 * ClipModel custom = r.applyTo(base);          // base.withModule(module) for GATED_IMAGE
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CustomizationResult {
  private final TrainingOptions options;
  private final GatedModule module;
  private final ClipWeights weights;
  private final float logitScale;
  private final TrainingReport report;
  private final String baseFingerprint;
  private final String retrievedSetDigest;
  private final List<String> classes;

  CustomizationResult(
      TrainingOptions options, GatedModule module, ClipWeights weights, float logitScale, TrainingReport report, String baseFingerprint,
      String retrievedSetDigest, List<String> classes) {
    checkArgument(options.strategy().gated() == (module != null) && (module == null) == (weights != null),
        "a %s result must carry %s", options.strategy(), options.strategy().gated() ? "a gated module" : "weights");
    this.options = options;
    this.module = module;
    this.weights = weights;
    this.logitScale = logitScale;
    this.report = Objects.requireNonNull(report);
    this.baseFingerprint = Objects.requireNonNull(baseFingerprint);
    this.retrievedSetDigest = retrievedSetDigest;
    this.classes = List.copyOf(classes);
  }

  /** Which weights were trained. */
  public TuningStrategy strategy() {
    return options.strategy();
  }

  /** The settings the run used. */
  public TrainingOptions options() {
    return options;
  }

  /** The trained gated blocks (GATED_IMAGE). */
  public Optional<GatedModule> module() {
    return Optional.ofNullable(module);
  }

  /** All weights of the trained model (LOCKED_TEXT: new image tower, original text tower; FULL: all new). */
  public Optional<ClipWeights> weights() {
    return Optional.ofNullable(weights);
  }

  /**
   * The trained logit scale (the base model's if it was frozen). A GATED_IMAGE module does not carry
   * it: {@link #applyTo} keeps the base model's, which changes logits but no ranking.
   */
  public float logitScale() {
    return logitScale;
  }

  /** Loss curve, steps and timing. */
  public TrainingReport report() {
    return report;
  }

  /** Fingerprint of the base model the run started from. */
  public String baseFingerprint() {
    return baseFingerprint;
  }

  /** Digest of the retrieved set trained on, when the data came from one. */
  public Optional<String> retrievedSetDigest() {
    return Optional.ofNullable(retrievedSetDigest);
  }

  /** Classes of the retrieved set trained on (empty when unknown). */
  public List<String> classes() {
    return classes;
  }

  /**
   * The customized model: {@code base.withModule(module)} for GATED_IMAGE (a view sharing the base's
   * weights), else a new model over {@link #weights()} that the caller must close.
   *
   * @throws BackboneMismatchException naming both fingerprints if {@code base} is not the model this
   *     result was trained from
   */
  public ClipModel applyTo(ClipModel base) {
    BackboneMismatchException.check("this " + strategy() + " result", baseFingerprint, base.fingerprint());
    return module != null ? base.withModule(module) : ClipModel.of(weights);
  }

  @Override
  public String toString() {
    return "CustomizationResult[" + options.strategy() + ", " + (module != null ? module : weights.parameterCount() + " parameters") + ", " + report + "]";
  }
}
