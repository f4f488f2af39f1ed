package org.reactvl.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStoreContract;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;

/**
 * A node of the 2-node cluster stops while the store queries and indexes. Each collection has 2 shards
 * of one replica, one per node, so the stopped node takes a shard with it: every request then fails or
 * waits, and the store must answer with a retry that succeeds or a clear error, never with partial
 * results or a silently lost batch. Each test restarts the node before it ends.
 */
@ExtendWith(SolrClusterExtension.class)
class SolrNodeFailureTest {
  private static final int DIMENSION = 16;
  private static final AtomicInteger COLLECTIONS = new AtomicInteger();

  private final SolrCluster cluster;
  private final List<SolrEmbeddingStore> opened = new ArrayList<>();
  private boolean nodeStopped;

  SolrNodeFailureTest(SolrCluster cluster) {
    this.cluster = cluster;
  }

  @AfterEach
  void restartAndClean() {
    if (nodeStopped) {
      cluster.startNode(1);
    }
    opened.forEach(SolrEmbeddingStore::close);
    opened.forEach(store -> cluster.deleteCollection(store.options().location().collection()));
  }

  private SolrEmbeddingStore open(RetryPolicy retry) {
    SolrStoreOptions options = SolrStoreOptions.builder(cluster.location("failure-" + COLLECTIONS.incrementAndGet()),
        DIMENSION).retry(retry).batchSize(100).build();
    SolrEmbeddingStore store = SolrEmbeddingStore.open(options);
    opened.add(store);
    return store;
  }

  private void stopNode() {
    cluster.stopNode(1);
    nodeStopped = true;
  }

  private void startNode() {
    cluster.startNode(1);
    nodeStopped = false;
  }

  @Test
  void should_fail_clearly_while_a_shard_is_down_and_lose_nothing_of_a_refused_batch() {
    // given: 200 entries stored, then a node (and a shard) gone; two quick attempts per request
    SolrEmbeddingStore store = open(new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(100)));
    List<EmbeddingEntry> stored = EmbeddingStoreContract.randomEntries("s", 200, DIMENSION, 1);
    store.upsert(stored);
    List<EmbeddingEntry> late = EmbeddingStoreContract.randomEntries("late", 150, DIMENSION, 2);
    String collection = store.options().location().collection();
    stopNode();

    // when / then: searches and writes fail, naming the collection and, for the write, every id of the batch
    assertThatThrownBy(() -> store.search(SearchRequest.builder(stored.get(0).vector()).build()))
        .isInstanceOf(SolrStoreException.class)
        .hasMessageStartingWith("cannot search in Solr collection '" + collection + "' after 2 attempts over ");
    SolrStoreException refused = catchThrowableOfType(SolrStoreException.class, () -> store.upsert(late));
    assertThat(refused.ids()).containsExactlyElementsOf(late.stream().map(EmbeddingEntry::id).toList());
    assertThat(refused.getMessage())
        .startsWith("cannot add 150 entries in Solr collection '" + collection + "' after 2 attempts over ")
        .contains("none of the batch's 150 ids [late0, late1, late2,")
        .endsWith("and 130 more is confirmed stored (some may be): write the batch again");

    // and when the node is back, the batch written again is all there, next to everything before
    startNode();
    store.upsert(late);
    assertThat(store.count()).isEqualTo(350);
    assertThat(store.existingIds(late.stream().map(EmbeddingEntry::id).toList())).hasSize(150);
    assertThat(store.search(SearchRequest.builder(stored.get(7).vector()).k(1).build()).get(0).id()).isEqualTo("s7");
  }

  @Test
  void should_ride_out_a_node_restart_during_a_batch_and_never_answer_in_part() throws Exception {
    // given: patient retries (up to 40 attempts, at most 1 s apart), entries on both shards
    SolrEmbeddingStore store = open(new RetryPolicy(40, Duration.ofMillis(200), Duration.ofSeconds(1)));
    List<EmbeddingEntry> first = EmbeddingStoreContract.randomEntries("a", 300, DIMENSION, 3);
    store.upsert(first);
    List<EmbeddingEntry> batch = EmbeddingStoreContract.randomEntries("b", 3000, DIMENSION, 4);

    // when: a 3,000-entry batch (30 requests) and a stream of searches run while node 1 stops and restarts
    AtomicBoolean searching = new AtomicBoolean(true);
    CompletableFuture<List<String>> searches = CompletableFuture.supplyAsync(() -> searchUntilStopped(store, first,
        searching));
    CompletableFuture<Void> write = CompletableFuture.runAsync(() -> store.upsert(batch));
    Thread.sleep(300);
    stopNode();
    Thread.sleep(2000);
    startNode();
    write.get();
    searching.set(false);

    // then: the batch is stored in full, and every search answered the exact top hit or failed loudly
    assertThat(store.count()).isEqualTo(3300);
    assertThat(store.existingIds(batch.stream().map(EmbeddingEntry::id).toList())).hasSize(3000);
    assertThat(searches.get()).isEmpty();
  }

  /** Searches entry i's vector until told to stop; returns the answers that were wrong (hits missing). */
  private static List<String> searchUntilStopped(SolrEmbeddingStore store, List<EmbeddingEntry> entries,
      AtomicBoolean searching) {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; searching.get(); i = (i + 1) % entries.size()) {
      EmbeddingEntry entry = entries.get(i);
      try {
        List<Hit> hits = store.search(SearchRequest.builder(entry.vector()).k(1).build());
        if (hits.isEmpty() || !hits.get(0).id().equals(entry.id())) {
          wrong.add(entry.id() + " -> " + hits);
        }
      } catch (SolrStoreException e) {
        // a clear failure is allowed; a wrong answer is not
      }
    }
    return wrong;
  }
}
