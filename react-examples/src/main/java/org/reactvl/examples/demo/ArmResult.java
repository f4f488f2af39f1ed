package org.reactvl.examples.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.TrainingReport;

/**
 * How one {@link DemoArm} did on one domain. Immutable.
 *
 * @param arm which model this is
 * @param test zero-shot results on the domain's held-out test images, over the training seeds
 * @param validation the same on the validation images (recipe choices are made on these); empty when
 *     the validation family has no image of the classes used
 * @param pairs training pairs of the first seed (0 for the base model)
 * @param inDomainPairs of them, pairs whose pool image shows a concept of one of the domain's classes
 * @param onTargetPairs of them, pairs that show a concept of the very class they were retrieved for
 *     (retrieved and oracle arms; for random pairs, which have no class, the in-domain pairs)
 * @param perClass per class, pairs and pairs on target of the arm's training set (empty for the base
 *     model and random pairs)
 * @param training the first seed's loss curve and timing; empty for the base model
 * @param module the first seed's saved module folder; empty for the base model
 */
public record ArmResult(
    DemoArm arm,
    ArmScores test,
    Optional<ArmScores> validation,
    int pairs,
    int inDomainPairs,
    int onTargetPairs,
    List<DomainResult.ClassRetrieval> perClass,
    Optional<TrainingReport> training,
    Optional<Path> module) {

  public ArmResult {
    Objects.requireNonNull(arm, "arm must not be null");
    Objects.requireNonNull(test, "test must not be null");
    Objects.requireNonNull(validation, "validation must not be null");
    perClass = List.copyOf(perClass);
    Objects.requireNonNull(training, "training must not be null");
    Objects.requireNonNull(module, "module must not be null");
    if (inDomainPairs < 0 || inDomainPairs > pairs) {
      throw new IllegalArgumentException("inDomainPairs must be in [0, pairs=" + pairs + "], but was " + inDomainPairs);
    }
    if (onTargetPairs < 0 || onTargetPairs > inDomainPairs) {
      throw new IllegalArgumentException("onTargetPairs must be in [0, inDomainPairs=" + inDomainPairs + "], but was " + onTargetPairs);
    }
    if (training.isPresent() != arm.strategy().isPresent()) {
      throw new IllegalArgumentException("arm " + arm.id() + " must " + (arm.strategy().isPresent() ? "" : "not ")
          + "have a training report");
    }
  }

  /** The base model's result: no training, no module. */
  static ArmResult base(ArmScores test, Optional<ArmScores> validation) {
    return new ArmResult(DemoArm.BASE, test, validation, 0, 0, 0, List.of(), Optional.empty(), Optional.empty());
  }

  /** The first seed's test report (top-5 and per-class figures). */
  public ZeroShotReport zeroShot() {
    return test.first();
  }

  /** Share of training pairs on target (0 for the base model). */
  public double precision() {
    return pairs == 0 ? 0 : (double) onTargetPairs / pairs;
  }
}
