package org.reactvl.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded synthetic embeddings with the shape that makes approximate search hard in the way real ones
 * do: unit vectors around random unit centres. Each vector is {@code centre + noise * g / sqrt(d)} with
 * {@code g} standard gaussian, then normalised, so its cosine to its centre is about {@code
 * 1/sqrt(1+noise^2)} and to a neighbour of the same cluster about {@code 1/(1+noise^2)} (noise 0.5:
 * 0.89 and 0.8, like CLIP image embeddings of one concept).
 *
 * <p>Test data for stores: react-index's and react-index-solr's recall tests and the search benchmark
 * use it, and a host can check its own store's recall with it.
 *
 * <p>Entries and queries come from independent streams of the seed: the same arguments give the same
 * vectors whatever else was generated before. Immutable and thread-safe.
 */
public final class ClusteredVectors {
  private final int dimension;
  private final double noise;
  private final long seed;
  private final float[][] centres;

  /**
   * @param dimension components per vector
   * @param clusters number of centres
   * @param noise spread around a centre (0: all vectors are centres)
   * @param seed makes everything reproducible
   */
  public ClusteredVectors(int dimension, int clusters, double noise, long seed) {
    if (dimension < 1 || clusters < 1 || !(noise >= 0)) {
      throw new IllegalArgumentException("dimension and clusters must be positive and noise non-negative, but were "
          + dimension + ", " + clusters + ", " + noise);
    }
    this.dimension = dimension;
    this.noise = noise;
    this.seed = seed;
    Random random = new Random(seed);
    this.centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = unit(gaussian(random, 1.0, null));
    }
  }

  /** {@code count} entries with ids {@code prefix + index} and metadata {@code cluster}. */
  public List<EmbeddingEntry> entries(String prefix, int count) {
    Random random = new Random(seed * 31 + 1);
    List<EmbeddingEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int cluster = random.nextInt(centres.length);
      entries.add(new EmbeddingEntry(prefix + i, sample(random, cluster),
          Map.of("cluster", Integer.toString(cluster))));
    }
    return entries;
  }

  /** {@code count} query vectors from the same distribution as the entries, but other draws. */
  public List<float[]> queries(int count) {
    Random random = new Random(seed * 31 + 2);
    List<float[]> queries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      queries.add(sample(random, random.nextInt(centres.length)));
    }
    return queries;
  }

  private float[] sample(Random random, int cluster) {
    return unit(gaussian(random, noise / Math.sqrt(dimension), centres[cluster]));
  }

  private float[] gaussian(Random random, double scale, float[] mean) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) ((mean == null ? 0 : mean[i]) + scale * random.nextGaussian());
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.sqrt(sum);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }
}
