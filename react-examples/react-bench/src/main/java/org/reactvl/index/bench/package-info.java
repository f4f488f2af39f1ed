/**
 * Reproducible measurements of the stores: {@link org.reactvl.index.ClusteredVectors} makes
 * seeded synthetic embeddings, {@link org.reactvl.index.bench.SearchBenchmark} measures recall@10
 * against the exact store and queries per second for every encoding and candidate count, and prints
 * one JSON object per line. {@link org.reactvl.index.bench.SearchJmh} is the JMH micro-benchmark of
 * one query.
 */
package org.reactvl.index.bench;
