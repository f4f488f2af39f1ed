package org.reactvl.examples.demo;

import java.util.Optional;
import org.reactvl.modules.train.TuningStrategy;

/**
 * One model the demo evaluates on each domain: the base model, REACT's customization, the two
 * controls that tell whether REACT's gain comes from the retrieved data and from the gated recipe,
 * and the oracle that shows what perfect retrieval would give.
 */
public enum DemoArm {
  /** The base model, zero-shot. */
  BASE("base", "base", null, false),
  /** REACT: gated-image tuning on the class-balanced retrieved pairs. */
  REACT_GATED("react-gated", "REACT gated", TuningStrategy.GATED_IMAGE, true),
  /** Control: the same recipe on as many random pool pairs (is it the retrieval that helps?). */
  RANDOM_GATED("random-gated", "random pairs gated", TuningStrategy.GATED_IMAGE, false),
  /** Control: the paper's locked-text baseline (the whole image tower trains) on the retrieved pairs. */
  LOCKED_TEXT("locked-text", "locked-text", TuningStrategy.LOCKED_TEXT, true),
  /**
   * Ceiling: the same gated recipe on the pool's own drawings of each class, as many per class as
   * REACT retrieves (perfect retrieval at the same budget).
   */
  ORACLE_GATED("oracle-gated", "oracle gated", TuningStrategy.GATED_IMAGE, false);

  private final String id;
  private final String title;
  private final TuningStrategy strategy;
  private final boolean retrieved;

  DemoArm(String id, String title, TuningStrategy strategy, boolean retrieved) {
    this.id = id;
    this.title = title;
    this.strategy = strategy;
    this.retrieved = retrieved;
  }

  /** Lower-case id used in file names and results.json, e.g. "react-gated". */
  public String id() {
    return id;
  }

  /** Column title, e.g. "REACT gated". */
  public String title() {
    return title;
  }

  /** How the arm trains; empty for the base model. */
  public Optional<TuningStrategy> strategy() {
    return Optional.ofNullable(strategy);
  }

  /** Whether the arm trains on the retrieved pairs (else on random or oracle pool pairs, or not at all). */
  public boolean trainsOnRetrieved() {
    return retrieved;
  }
}
