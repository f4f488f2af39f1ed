package org.reactvl.index.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.reactvl.index.pool.ImageTextPair;

/**
 * REACT's class balancing, for any {@link Retriever}: turns what every query of every class found
 * into the pairs of a class-balanced set. Feed the candidates query by query ({@link #add}), then
 * {@link #balance} decides:
 *
 * <ol>
 *   <li>A pair found by several queries of a class appears once, scored by its best query, with
 *       every query that found it as provenance.
 *   <li>A pair found by several classes belongs to the class that scored it highest (ties: the class
 *       listed first) and is dropped from the others.
 *   <li>Per class, best score first (ties by id), a pair is kept unless it is a near-duplicate
 *       (cosine {@code >= duplicateThreshold} of its unit vector with one already kept; only when the
 *       request removes near-duplicates), until {@code perClass} pairs are kept.
 * </ol>
 *
 * <pre>{@code
 * ClassBalancer balancer = ClassBalancer.withoutVectors(request);      // or with the pool's unit vectors
 * balancer.add(classIndex, new QueryMatch(0, "dog", 0.8f), pair);
 * RetrievedSet set = RetrievedSet.builder(RetrievedSetInfo.of("mine", model, request)).addAll(balancer.balance()).build();
 * }</pre>
 *
 * <p>Not thread-safe; one per retrieval.
 */
public final class ClassBalancer {
  private final List<String> classes;
  private final RetrievalRequest request;
  private final Function<String, float[]> unitVectorOf;
  /** Per class: id -> what the class's queries found of it. */
  private final List<Map<String, Candidate>> found = new ArrayList<>();
  private int idConflicts;
  private int nearDuplicates;

  /**
   * A balancer for {@code request}.
   *
   * @param unitVectorOf the unit vector of a pair by id (asked only when the request removes
   *     near-duplicates)
   */
  public ClassBalancer(RetrievalRequest request, Function<String, float[]> unitVectorOf) {
    Objects.requireNonNull(request, "request must not be null");
    Objects.requireNonNull(unitVectorOf, "unitVectorOf must not be null");
    this.classes = request.classes();
    this.request = request;
    this.unitVectorOf = unitVectorOf;
    for (int i = 0; i < classes.size(); i++) {
      found.add(new HashMap<>());
    }
  }

  /**
   * A balancer for a retriever that has no vectors to compare.
   *
   * @throws IllegalArgumentException if the request asks for near-duplicates to be removed (call
   *     {@code keepNearDuplicates()} on its builder)
   */
  public static ClassBalancer withoutVectors(RetrievalRequest request) {
    if (request.removesNearDuplicates()) {
      throw new IllegalArgumentException("a retriever without vectors must have a request that keeps near-duplicates, but the request's"
          + " duplicate threshold is " + request.duplicateThreshold());
    }
    return new ClassBalancer(request, id -> {
      throw new IllegalStateException("no unit vector is needed when near-duplicates are kept");
    });
  }

  /**
   * Records that {@code match} (a query of class {@code classIndex}) found {@code pair}.
   *
   * @throws IndexOutOfBoundsException if {@code classIndex} is not an index of the request's classes
   */
  public void add(int classIndex, QueryMatch match, ImageTextPair pair) {
    Objects.checkIndex(classIndex, classes.size());
    found.get(classIndex).computeIfAbsent(pair.id(), id -> new Candidate(pair)).matches.add(Objects.requireNonNull(match, "match must not be null"));
  }

  /** The balanced pairs, grouped by class in class order, best first within a class. */
  public List<RetrievedPair> balance() {
    Map<String, Integer> owner = owners();
    List<RetrievedPair> out = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<RetrievedPair> ranked = new ArrayList<>();
      for (Candidate candidate : found.get(c).values()) {
        if (owner.get(candidate.pair.id()) == c) {
          ranked.add(RetrievedPair.of(candidate.pair, classes.get(c), candidate.matches));
        }
      }
      ranked.sort(RetrievedPair.ORDER);
      out.addAll(keep(ranked));
    }
    return out;
  }

  /** Ids found by several classes (each given to one); known after {@link #balance}. */
  public int idConflicts() {
    return idConflicts;
  }

  /** Pairs dropped as near-duplicates of better pairs of their class; known after {@link #balance}. */
  public int nearDuplicates() {
    return nearDuplicates;
  }

  /** For every id, the class that scored it highest; ties go to the class listed first. */
  private Map<String, Integer> owners() {
    Map<String, Integer> owner = new HashMap<>();
    Map<String, Float> best = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      for (Candidate candidate : found.get(c).values()) {
        String id = candidate.pair.id();
        float score = candidate.best();
        Float previous = best.get(id);
        if (previous == null) {
          owner.put(id, c);
          best.put(id, score);
        } else {
          idConflicts++;
          if (score > previous) {
            owner.put(id, c);
            best.put(id, score);
          }
        }
      }
    }
    return owner;
  }

  /** The best pairs of one class up to the cap, skipping near-duplicates of pairs already kept. */
  private List<RetrievedPair> keep(List<RetrievedPair> ranked) {
    List<RetrievedPair> kept = new ArrayList<>();
    List<float[]> keptVectors = new ArrayList<>();
    for (RetrievedPair pair : ranked) {
      if (kept.size() >= request.perClass()) {
        break;
      }
      if (request.removesNearDuplicates()) {
        float[] vector = unitVectorOf.apply(pair.id());
        if (isNearDuplicate(vector, keptVectors)) {
          nearDuplicates++;
          continue;
        }
        keptVectors.add(vector);
      }
      kept.add(pair);
    }
    return kept;
  }

  private boolean isNearDuplicate(float[] vector, List<float[]> kept) {
    for (float[] other : kept) {
      double dot = 0;
      for (int i = 0; i < vector.length; i++) {
        dot += vector[i] * other[i];
      }
      if (dot >= request.duplicateThreshold()) {
        return true;
      }
    }
    return false;
  }

  private static final class Candidate {
    final ImageTextPair pair;
    final List<QueryMatch> matches = new ArrayList<>();

    Candidate(ImageTextPair pair) {
      this.pair = pair;
    }

    float best() {
      float best = Float.NEGATIVE_INFINITY;
      for (QueryMatch m : matches) {
        best = Math.max(best, m.score());
      }
      return best;
    }
  }
}
