package org.reactvl.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.ClusteredVectors;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.lucene.LuceneStoreOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recall@10 of Solr stores against the exact store, next to the local Lucene store, on a seeded
 * clustered set hard enough for HNSW to miss neighbours (4,000 x 128, 1,000 clusters, noise 0.8).
 *
 * <ul>
 *   <li>A 1-shard collection is one HNSW graph, like the Lucene store: at the same candidate count the
 *       two must find the same share of the true top 10, within 0.02.
 *   <li>On 2 shards {@code topK} applies per shard, so the collection considers twice the candidates:
 *       it must find at least as much (less 0.02).
 * </ul>
 *
 * Measured (Nov 2026), at 10 / 20 candidates: Lucene 0.836 / 0.909, Solr on 1 shard the same (one HNSW
 * graph, same parameters), Solr on 2 shards 0.858 / 0.939.
 */
@ExtendWith(SolrClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolrRecallTest {
  private static final Logger LOG = LoggerFactory.getLogger(SolrRecallTest.class);
  private static final int DIMENSION = 128;
  private static final List<Integer> CANDIDATES = List.of(10, 20);

  private final SolrCluster cluster;
  private List<float[]> queries;
  private List<List<Hit>> truth;
  private LuceneEmbeddingStore lucene;
  private SolrEmbeddingStore oneShard;
  private SolrEmbeddingStore twoShards;

  SolrRecallTest(SolrCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeAll
  void indexTheSameEntriesEverywhere(@TempDir Path dir) {
    ClusteredVectors data = new ClusteredVectors(DIMENSION, 1000, 0.8, 42);
    List<EmbeddingEntry> entries = data.entries("v", 4000);
    queries = data.queries(100);
    try (ExactEmbeddingStore exact = ExactEmbeddingStore.inMemory("exact", DIMENSION)) {
      exact.upsert(entries);
      truth = exact.searchBatch(requests(10));
    }
    // one batch each: one segment in Lucene and per shard in Solr (topK applies per segment)
    lucene = LuceneEmbeddingStore.open(LuceneStoreOptions.builder(dir.resolve("lucene"), DIMENSION).searchThreads(1)
        .build());
    lucene.upsert(entries);
    oneShard = SolrEmbeddingStore.open(SolrStoreOptions.builder(cluster.location("recall-1"), DIMENSION).shards(1)
        .build());
    oneShard.upsert(entries);
    twoShards = SolrEmbeddingStore.open(SolrStoreOptions.builder(cluster.location("recall-2"), DIMENSION).shards(2)
        .build());
    twoShards.upsert(entries);
  }

  @AfterAll
  void closeStores() {
    lucene.close();
    for (SolrEmbeddingStore store : List.of(oneShard, twoShards)) {
      store.close();
      cluster.deleteCollection(store.options().location().collection());
    }
  }

  @Test
  void should_match_lucene_on_one_shard_at_the_same_candidate_count() {
    for (int candidates : CANDIDATES) {
      double fromSolr = recall(oneShard, candidates);
      double fromLucene = recall(lucene, candidates);
      LOG.info("recall@10 at {} candidates: Solr (1 shard) {}, Lucene {}", candidates, fromSolr, fromLucene);

      assertThat(fromSolr).as("Solr recall at %d candidates", candidates).isCloseTo(fromLucene, within(0.02));
      assertThat(fromLucene).isLessThan(0.95); // the set is hard enough for the comparison to mean something
    }
  }

  @Test
  void should_find_at_least_what_lucene_finds_on_two_shards() {
    for (int candidates : CANDIDATES) {
      double fromSolr = recall(twoShards, candidates);
      double fromLucene = recall(lucene, candidates);
      LOG.info("recall@10 at {} candidates: Solr (2 shards) {}, Lucene {}", candidates, fromSolr, fromLucene);

      assertThat(fromSolr).as("Solr recall at %d candidates per shard", candidates)
          .isGreaterThanOrEqualTo(fromLucene - 0.02);
    }
  }

  private double recall(EmbeddingStore store, int candidates) {
    List<List<Hit>> found = store.searchBatch(requests(candidates));
    long matched = 0;
    for (int i = 0; i < truth.size(); i++) {
      Set<String> expected = new HashSet<>();
      truth.get(i).forEach(h -> expected.add(h.id()));
      matched += found.get(i).stream().filter(h -> expected.contains(h.id())).count();
    }
    return matched / (10.0 * truth.size());
  }

  private List<SearchRequest> requests(int candidates) {
    return queries.stream().map(q -> SearchRequest.builder(q).k(10).candidates(candidates).build()).toList();
  }
}
