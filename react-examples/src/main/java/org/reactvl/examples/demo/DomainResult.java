package org.reactvl.examples.demo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.index.retrieval.RetrievedSet;

/**
 * Everything the demo measured on one target domain: the retrieved set and how well it matches the
 * domain, and each {@link DemoArm}'s zero-shot accuracy. Immutable.
 *
 * @param domain the target domain
 * @param classes the classes used (all of the domain's, or the first few)
 * @param testImages held-out test images of those classes
 * @param retrieved the class-balanced retrieved set REACT and locked-text trained on
 * @param retrievedFile where the retrieved set's manifest was written (usable by {@code react customize})
 * @param retrieval per class: pairs kept, mean score, and how many show one of the class's concepts
 * @param arms one result per arm, in {@link DemoArm} order
 * @param seconds wall time per stage ("base eval", "retrieval", "react-gated train", ...)
 */
public record DomainResult(
    Domain domain,
    List<String> classes,
    int testImages,
    RetrievedSet retrieved,
    Path retrievedFile,
    List<ClassRetrieval> retrieval,
    List<ArmResult> arms,
    Map<String, Double> seconds) {

  public DomainResult {
    Objects.requireNonNull(domain, "domain must not be null");
    classes = List.copyOf(classes);
    Objects.requireNonNull(retrieved, "retrieved must not be null");
    Objects.requireNonNull(retrievedFile, "retrievedFile must not be null");
    retrieval = List.copyOf(retrieval);
    arms = List.copyOf(arms);
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

  /** Top-1 of {@code arm} minus the base model's, in accuracy points (0.05 = five points). */
  public double top1Delta(DemoArm arm) {
    return arm(arm).zeroShot().top1().estimate() - arm(DemoArm.BASE).zeroShot().top1().estimate();
  }

  /** Whether {@code arm}'s top-1 lies above the upper end of the base model's 95% interval. */
  public boolean beyondBaseInterval(DemoArm arm) {
    return arm(arm).zeroShot().top1().estimate() > arm(DemoArm.BASE).zeroShot().top1().upper();
  }

  /** Whether REACT's top-1 lies above the upper end of the random-pairs control's 95% interval. */
  public boolean reactBeyondRandomInterval() {
    return arm(DemoArm.REACT_GATED).zeroShot().top1().estimate() > arm(DemoArm.RANDOM_GATED).zeroShot().top1().upper();
  }

  /** Whether REACT's top-1 is higher than the random-pairs control's. */
  public boolean reactBeatsRandom() {
    return arm(DemoArm.REACT_GATED).zeroShot().top1().estimate() > arm(DemoArm.RANDOM_GATED).zeroShot().top1().estimate();
  }

  /**
   * Retrieval figures of one class.
   *
   * @param className the class
   * @param pairs pairs kept for it
   * @param meanScore their mean cosine similarity to the class-name query (NaN when none)
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
