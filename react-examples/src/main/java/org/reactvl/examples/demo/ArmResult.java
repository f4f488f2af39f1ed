package org.reactvl.examples.demo;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.TrainingReport;

/**
 * How one {@link DemoArm} did on one domain. Immutable.
 *
 * @param arm which model this is
 * @param zeroShot zero-shot accuracy on the domain's held-out test set, overall and per class
 * @param pairs training pairs (0 for the base model)
 * @param inDomainPairs training pairs whose pool image shows a concept of one of the domain's classes
 * @param training the training run's loss curve and timing; empty for the base model
 * @param module the saved module folder; empty for the base model
 */
public record ArmResult(
    DemoArm arm, ZeroShotReport zeroShot, int pairs, int inDomainPairs, Optional<TrainingReport> training, Optional<Path> module) {

  public ArmResult {
    Objects.requireNonNull(arm, "arm must not be null");
    Objects.requireNonNull(zeroShot, "zeroShot must not be null");
    Objects.requireNonNull(training, "training must not be null");
    Objects.requireNonNull(module, "module must not be null");
    if (inDomainPairs < 0 || inDomainPairs > pairs) {
      throw new IllegalArgumentException("inDomainPairs must be in [0, pairs=" + pairs + "], but was " + inDomainPairs);
    }
    if (training.isPresent() != arm.strategy().isPresent()) {
      throw new IllegalArgumentException("arm " + arm.id() + " must " + (arm.strategy().isPresent() ? "" : "not ")
          + "have a training report");
    }
  }

  /** The base model's result: no training, no module. */
  static ArmResult base(ZeroShotReport zeroShot) {
    return new ArmResult(DemoArm.BASE, zeroShot, 0, 0, Optional.empty(), Optional.empty());
  }
}
