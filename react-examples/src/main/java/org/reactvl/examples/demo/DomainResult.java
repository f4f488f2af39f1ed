package org.reactvl.examples.demo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.modules.eval.Interval;

/**
 * Everything the demo measured on one target domain: the retrieved set and how well it matches the
 * domain, each {@link DemoArm}'s zero-shot accuracy on the test and validation images, and paired
 * comparisons between arms. Immutable.
 *
 * @param domain the target domain
 * @param classes the classes used (all of the domain's, or the first few)
 * @param testImages held-out test images of those classes
 * @param validationImages validation images of those classes (0 when there are none)
 * @param retrieved the class-balanced retrieved set REACT and locked-text trained on
 * @param retrievedFile where the retrieved set's manifest was written (usable by {@code react customize})
 * @param retrieval per class: pairs kept, mean score, and how many show one of the class's concepts
 * @param arms one result per arm, in {@link DemoArm} order
 * @param comparisons paired differences between arms on the same images
 * @param seconds wall time per stage ("base eval", "retrieval", "react-gated train", ...)
 */
public record DomainResult(
    Domain domain,
    List<String> classes,
    int testImages,
    int validationImages,
    RetrievedSet retrieved,
    Path retrievedFile,
    List<ClassRetrieval> retrieval,
    List<ArmResult> arms,
    List<Comparison> comparisons,
    Map<String, Double> seconds) {

  public DomainResult {
    Objects.requireNonNull(domain, "domain must not be null");
    classes = List.copyOf(classes);
    Objects.requireNonNull(retrieved, "retrieved must not be null");
    Objects.requireNonNull(retrievedFile, "retrievedFile must not be null");
    retrieval = List.copyOf(retrieval);
    arms = List.copyOf(arms);
    comparisons = List.copyOf(comparisons);
    Map<DemoArm, ArmResult> byArm = new EnumMap<>(DemoArm.class);
    for (ArmResult a : arms) {
      if (byArm.put(a.arm(), a) != null) {
        throw new IllegalArgumentException("arms must hold each arm once, but " + a.arm().id() + " appears twice (" + domain.id() + ")");
      }
    }
    if (byArm.size() != DemoArm.values().length) {
      throw new IllegalArgumentException("arms must hold every arm, but had " + byArm.keySet() + " (" + domain.id() + ")");
    }
    seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }

  /** The result of {@code arm}. */
  public ArmResult arm(DemoArm arm) {
    return arms.stream().filter(a -> a.arm() == arm).findFirst().orElseThrow();
  }

  /** Top-1 of {@code arm} (mean over seeds) minus the base model's, in accuracy points (0.05 = five points). */
  public double top1Delta(DemoArm arm) {
    return arm(arm).test().top1().estimate() - arm(DemoArm.BASE).test().top1().estimate();
  }

  /**
   * The paired comparison of {@code arm} against {@code against}.
   *
   * @throws IllegalArgumentException if the demo did not compare them
   */
  public Comparison versus(DemoArm arm, DemoArm against) {
    return comparisons.stream().filter(c -> c.arm() == arm && c.against() == against).findFirst().orElseThrow(
        () -> new IllegalArgumentException("the demo compares " + comparisons.stream().map(Comparison::id).toList() + ", not "
            + arm.id() + " - " + against.id()));
  }

  /** Whether {@code arm} beats the base model: its paired difference's 95% interval lies above zero. */
  public boolean aboveBase(DemoArm arm) {
    return versus(arm, DemoArm.BASE).test().lower() > 0;
  }

  /** Whether REACT beats random pairs: the paired difference's 95% interval lies above zero. */
  public boolean reactAboveRandom() {
    return versus(DemoArm.REACT_GATED, DemoArm.RANDOM_GATED).test().lower() > 0;
  }

  /** Whether REACT's top-1 is higher than the random-pairs control's. */
  public boolean reactBeatsRandom() {
    return versus(DemoArm.REACT_GATED, DemoArm.RANDOM_GATED).test().estimate() > 0;
  }

  /**
   * A paired difference between two arms' top-1 (seed means) on the same images: resampling the
   * images together, with a bootstrap 95% interval.
   *
   * @param arm the arm measured
   * @param against the arm it is measured against
   * @param test on the test images
   * @param validation on the validation images, when there are some
   */
  public record Comparison(DemoArm arm, DemoArm against, Interval test, Optional<Interval> validation) {
    public Comparison {
      Objects.requireNonNull(arm, "arm must not be null");
      Objects.requireNonNull(against, "against must not be null");
      Objects.requireNonNull(test, "test must not be null");
      Objects.requireNonNull(validation, "validation must not be null");
    }

    /** "react-gated - base". */
    public String id() {
      return arm.id() + " - " + against.id();
    }
  }

  /**
   * Retrieval figures of one class.
   *
   * @param className the class
   * @param pairs pairs kept for it
   * @param meanScore their mean retrieval score (cosine, or fused rank score for hybrid; NaN when none or not retrieved)
   * @param onTarget how many of them show one of the class's own emoji concepts
   */
  public record ClassRetrieval(String className, int pairs, double meanScore, int onTarget) {
    public ClassRetrieval {
      Objects.requireNonNull(className, "className must not be null");
      if (onTarget < 0 || onTarget > pairs) {
        throw new IllegalArgumentException("onTarget must be in [0, pairs=" + pairs + "], but was " + onTarget + " (class '" + className + "')");
      }
    }
  }
}
