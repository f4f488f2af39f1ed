package org.reactvl.examples.host;

import java.util.List;
import java.util.Objects;
import org.reactvl.core.zeroshot.ZeroShotClassifier.Prediction;

/**
 * The answer to "classify this image in domain X": the domain's best classes, most probable first,
 * with softmax probabilities over all of the domain's classes. Immutable.
 *
 * @param domain the domain the image was classified in
 * @param predictions the top classes, best first, at least one
 */
public record Classification(String domain, List<Prediction> predictions) {
  public Classification {
    Objects.requireNonNull(domain, "domain must not be null");
    predictions = List.copyOf(predictions);
    if (predictions.isEmpty()) {
      throw new IllegalArgumentException("a classification must hold at least one prediction, but had none (domain '" + domain + "')");
    }
  }

  /** The most probable class. */
  public Prediction best() {
    return predictions.get(0);
  }
}
