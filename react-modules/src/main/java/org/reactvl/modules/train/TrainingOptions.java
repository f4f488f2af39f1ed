package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.reactvl.modules.data.Augmentation;

/**
 * The complete, resolved settings of one training run, as a {@link Customizer} ran it: recorded in
 * results, checkpoints and module artifacts. Built by {@link Customizer.Builder}.
 *
 * @param strategy which weights train
 * @param gatedLayers k: gated blocks before the last k image layers (GATED_IMAGE; 0 otherwise)
 * @param gatedInitScale multiplies the gated blocks' initial standard deviations
 * @param batchSize pairs per step (the contrastive loss's negatives come from the batch)
 * @param steps optimizer steps in the run
 * @param stepsPerEpoch steps per pass over the data ({@code size / batchSize}, the rest dropped)
 * @param learningRate peak learning rate
 * @param warmupSteps linear warm-up steps before the cosine decay
 * @param weightDecay AdamW's decoupled decay, for parameters of rank >= 2 only (never gates, layer
 *     norms, biases, the class token or the logit scale)
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param epsilon AdamW's epsilon
 * @param maxGradientNorm gradients are scaled down to this global L2 norm; 0 disables clipping
 * @param trainLogitScale whether the logit scale trains (clamped to [0, ln 100] as in open_clip)
 * @param augmentation image augmentation
 * @param cachePrefix GATED_IMAGE without augmentation: compute the frozen layers once per image
 * @param layersPerSegment layers between activation checkpoints (memory against recomputation)
 * @param seed the run seed: gated initialisation, shuffling and augmentation derive from it
 */
public record TrainingOptions(
    TuningStrategy strategy,
    int gatedLayers,
    double gatedInitScale,
    int batchSize,
    int steps,
    int stepsPerEpoch,
    double learningRate,
    int warmupSteps,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double maxGradientNorm,
    boolean trainLogitScale,
    Augmentation augmentation,
    boolean cachePrefix,
    int layersPerSegment,
    long seed) {
  public TrainingOptions {
    Objects.requireNonNull(strategy, "strategy must not be null");
    Objects.requireNonNull(augmentation, "augmentation must not be null");
    checkArgument(strategy.gated() ? gatedLayers > 0 : gatedLayers == 0, "gatedLayers must be positive for GATED_IMAGE and 0 otherwise, but was %s for %s", gatedLayers, strategy);
    checkArgument(gatedInitScale > 0, "gatedInitScale must be positive, but was %s", gatedInitScale);
    checkArgument(batchSize >= 2, "batchSize must be at least 2 (the loss needs negatives), but was %s", batchSize);
    checkArgument(steps > 0, "steps must be positive, but was %s", steps);
    checkArgument(stepsPerEpoch > 0, "stepsPerEpoch must be positive, but was %s", stepsPerEpoch);
    checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be positive, but was %s", learningRate);
    checkArgument(warmupSteps >= 0 && warmupSteps <= steps, "warmupSteps must be in [0, %s], but was %s", steps, warmupSteps);
    checkArgument(weightDecay >= 0, "weightDecay must be >= 0, but was %s", weightDecay);
    checkArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), but was %s", beta1);
    checkArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), but was %s", beta2);
    checkArgument(epsilon > 0, "epsilon must be positive, but was %s", epsilon);
    checkArgument(maxGradientNorm >= 0, "maxGradientNorm must be >= 0, but was %s", maxGradientNorm);
    checkArgument(layersPerSegment > 0, "layersPerSegment must be positive, but was %s", layersPerSegment);
  }

  /** The learning-rate schedule these options describe. */
  public LearningRateSchedule schedule() {
    return new LearningRateSchedule(learningRate, warmupSteps, steps);
  }

  /** Whether GATED_IMAGE steps read the frozen layers' output from a cache. */
  public boolean usesPrefixCache() {
    return strategy.gated() && cachePrefix && !augmentation.enabled();
  }

  /** The options as JSON-ready values, in declaration order (for module.json and checkpoints). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", strategy.name());
    m.put("gatedLayers", gatedLayers);
    m.put("gatedInitScale", gatedInitScale);
    m.put("batchSize", batchSize);
    m.put("steps", steps);
    m.put("stepsPerEpoch", stepsPerEpoch);
    m.put("learningRate", learningRate);
    m.put("warmupSteps", warmupSteps);
    m.put("weightDecay", weightDecay);
    m.put("beta1", beta1);
    m.put("beta2", beta2);
    m.put("epsilon", epsilon);
    m.put("maxGradientNorm", maxGradientNorm);
    m.put("trainLogitScale", trainLogitScale);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("minCropScale", augmentation.minCropScale());
    a.put("flipProbability", augmentation.flipProbability());
    a.put("colorJitter", augmentation.colorJitter());
    m.put("augmentation", a);
    m.put("cachePrefix", cachePrefix);
    m.put("layersPerSegment", layersPerSegment);
    m.put("seed", seed);
    return m;
  }
}
