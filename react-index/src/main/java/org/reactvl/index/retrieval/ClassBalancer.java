package org.reactvl.index.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.reactvl.index.Hit;
import org.reactvl.index.pool.ImageTextPair;

/**
 * Turns the hits of every query into a class-balanced set; the rules are documented on {@link
 * KnnRetriever}. Hits are fed query by query ({@link #add}), then {@link #balance} decides.
 *
 * <p>Not thread-safe; one per retrieval.
 */
final class ClassBalancer {
  private final List<String> classes;
  private final RetrievalRequest request;
  private final Function<String, float[]> unitVectorOf;
  /** Per class: id -> what the class's queries found of it. */
  private final List<Map<String, Candidate>> found = new ArrayList<>();
  private int idConflicts;
  private int nearDuplicates;

  /**
   * @param unitVectorOf the stored unit vector of an id (read only when near-duplicates are removed)
   */
  ClassBalancer(RetrievalRequest request, Function<String, float[]> unitVectorOf) {
    this.classes = request.classes();
    this.request = request;
    this.unitVectorOf = unitVectorOf;
    for (int i = 0; i < classes.size(); i++) {
      found.add(new HashMap<>());
    }
  }

  /** Records the hits of query {@code query} (index within the class, its text) of class {@code classIndex}. */
  void add(int classIndex, int query, String text, List<Hit> hits) {
    Map<String, Candidate> candidates = found.get(classIndex);
    for (Hit hit : hits) {
      candidates.computeIfAbsent(hit.id(), id -> new Candidate(hit))
          .matches.add(new QueryMatch(query, text, hit.score()));
    }
  }

  /** The balanced pairs, grouped by class in class order, best first within a class. */
  List<RetrievedPair> balance() {
    Map<String, Integer> owner = owners();
    List<RetrievedPair> out = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<RetrievedPair> ranked = new ArrayList<>();
      for (Candidate candidate : found.get(c).values()) {
        if (owner.get(candidate.hit.id()) == c) {
          ranked.add(RetrievedPair.of(ImageTextPair.fromStoreMetadata(candidate.hit.id(), candidate.hit.metadata()),
              classes.get(c), candidate.matches));
        }
      }
      ranked.sort(RetrievedPair.ORDER);
      out.addAll(keep(ranked));
    }
    return out;
  }

  /** Ids found by several classes (each given to one). */
  int idConflicts() {
    return idConflicts;
  }

  /** Pairs dropped as near-duplicates of better pairs of their class. */
  int nearDuplicates() {
    return nearDuplicates;
  }

  /** For every id, the class that scored it highest; ties go to the class listed first. */
  private Map<String, Integer> owners() {
    Map<String, Integer> owner = new HashMap<>();
    Map<String, Float> best = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      for (Candidate candidate : found.get(c).values()) {
        String id = candidate.hit.id();
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
    final Hit hit;
    final List<QueryMatch> matches = new ArrayList<>();

    Candidate(Hit hit) {
      this.hit = hit;
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
