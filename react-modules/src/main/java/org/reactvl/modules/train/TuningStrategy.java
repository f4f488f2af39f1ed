package org.reactvl.modules.train;

/**
 * Which weights a {@link Customizer} trains. In every strategy the contrastive loss and the
 * optimizer are the same; what differs is which parameters are variables and what can be computed
 * once and reused.
 */
public enum TuningStrategy {
  /**
   * REACT's "locked-text gated-image tuning": new gated blocks before the last k vision layers train
   * (with the logit scale); every original weight stays frozen. Caption features are computed once
   * and, without augmentation, so are the hidden states entering the first gated block.
   */
  GATED_IMAGE,
  /**
   * The whole image tower trains (with the logit scale), the text tower stays frozen: the paper's
   * "locked-text" baseline. Caption features are computed once.
   */
  LOCKED_TEXT,
  /** Every weight of both towers trains: CLIP pre-training, for example of a small model from scratch. */
  FULL;

  /** Whether the text tower is frozen, so caption features can be computed once. */
  public boolean textFrozen() {
    return this != FULL;
  }

  /** Whether this strategy trains gated blocks (and only those, plus the logit scale). */
  public boolean gated() {
    return this == GATED_IMAGE;
  }
}
