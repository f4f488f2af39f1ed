package org.reactvl.modules.artifact;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reactvl.modules.train.TuningStrategy;

/**
 * What {@code module.json} records about a module: the format version, the base model it belongs to,
 * where its gated blocks sit, how it was trained (hyper-parameters, seed, data provenance, training
 * figures) and how well it does (metrics). Immutable.
 *
 * @param version the artifact format version
 * @param strategy how it was trained
 * @param baseFingerprint fingerprint of the base model's weights ({@code ClipWeights.fingerprint()})
 * @param baseConfig the base model's shape, as text
 * @param gatedLayers k, the number of gated blocks (0 for LOCKED_TEXT / FULL)
 * @param layers the image layers that have a gated block before them
 * @param logitScale the trained logit scale
 * @param seed the run seed
 * @param hyperParameters the training options ({@code TrainingOptions.toMap()}); empty for imports
 * @param retrievedSetDigest digest of the retrieved set trained on, or null
 * @param classes the retrieved set's classes (may be empty)
 * @param training steps, seconds, samples per second and final loss of the run; empty for imports
 * @param metrics evaluation results, such as {@code zeroshot.top1}
 * @param provenance free-form origin facts: Java version, creation time, import source
 */
public record ModuleMetadata(
    int version,
    TuningStrategy strategy,
    String baseFingerprint,
    String baseConfig,
    int gatedLayers,
    List<Integer> layers,
    double logitScale,
    long seed,
    Map<String, Object> hyperParameters,
    String retrievedSetDigest,
    List<String> classes,
    Map<String, Object> training,
    Map<String, Double> metrics,
    Map<String, String> provenance) {
  public ModuleMetadata {
    Objects.requireNonNull(strategy, "strategy must not be null");
    checkArgument(baseFingerprint != null && baseFingerprint.matches("[0-9a-f]{64}"), "base fingerprint must be 64 hex digits, but was '%s'", baseFingerprint);
    checkArgument(gatedLayers == layers.size(), "gatedLayers must equal the number of layers %s, but was %s", layers, gatedLayers);
    layers = List.copyOf(layers);
    classes = List.copyOf(classes);
    hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
    training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /** A copy with {@code more} metrics added (replacing equal names). */
  public ModuleMetadata withMetrics(Map<String, Double> more) {
    Map<String, Double> m = new LinkedHashMap<>(metrics);
    m.putAll(more);
    return new ModuleMetadata(
        version, strategy, baseFingerprint, baseConfig, gatedLayers, layers, logitScale, seed, hyperParameters, retrievedSetDigest, classes, training, m,
        provenance);
  }
}
