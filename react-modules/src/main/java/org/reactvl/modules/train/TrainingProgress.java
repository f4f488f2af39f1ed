package org.reactvl.modules.train;

/**
 * One finished optimizer step.
 *
 * @param step the step just finished, 1-based (so {@code step == totalSteps} at the end)
 * @param totalSteps steps in the whole run
 * @param epoch the pass over the data this step belongs to, 0-based
 * @param loss the batch's contrastive loss before the update
 * @param learningRate the rate the update used
 * @param gradientNorm the global gradient norm before clipping
 * @param logitScale the logit scale after the update
 * @param dataSeconds time to assemble the batch (reading the cache, or decoding, augmenting and
 *     running the frozen layers)
 * @param computeSeconds time for the forward and backward passes
 * @param optimizerSeconds time for clipping and the AdamW update
 */
public record TrainingProgress(
    int step,
    int totalSteps,
    int epoch,
    double loss,
    double learningRate,
    double gradientNorm,
    double logitScale,
    double dataSeconds,
    double computeSeconds,
    double optimizerSeconds) {
  /** Wall time of the step. */
  public double stepSeconds() {
    return dataSeconds + computeSeconds + optimizerSeconds;
  }
}
