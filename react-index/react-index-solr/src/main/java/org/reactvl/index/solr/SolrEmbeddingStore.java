package org.reactvl.index.solr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.ShardParams;
import org.reactvl.core.ReactException;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.SimilarityMetric;
import org.reactvl.index.StoreInfo;
import org.reactvl.index.StoreLifecycle;
import org.reactvl.index.VectorEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in a SolrCloud collection, searched with Solr's dense vector field (Lucene HNSW on every
 * shard): for pools too large for one machine, indexed and searched by many.
 *
 * <p><b>Collection.</b> {@link #open} creates the collection when it is missing (shards and replicas per
 * {@link SolrStoreOptions}; the schema is described in the package documentation) or checks the existing
 * one's dimension and properties. Vectors are FLOAT32: Solr 9.10 has no quantized vector fields.
 *
 * <p><b>Writes.</b> {@code upsert} sends its batch in requests of {@code batchSize} documents and then
 * commits once (a hard commit: durable and visible). A request that fails for a reason that may pass
 * (a node down, a leader election) is repeated per the {@link RetryPolicy}; a batch that still cannot
 * be written throws {@link SolrStoreException} naming its ids: never silently lost, but possibly
 * partly stored, since SolrCloud has no transactions across shards. Writing it again is safe. Entries
 * Solr could not index (a metadata value over {@value SolrDocuments#MAX_VALUE_BYTES} bytes) are refused
 * before anything is sent.
 *
 * <p><b>Searches.</b> A request's {@code candidates} is Solr's {@code topK}, which applies <em>per
 * shard</em> (and per segment within it, as in Lucene): each shard returns its best {@code candidates}
 * and Solr merges them, so a collection of S shards considers S x candidates. Filters are Solr filter
 * queries, applied before the graph search. Hits come back in {@link Hit#ORDER} (Solr sorts by score,
 * then id); a response with partial results (a shard missing) counts as a failure, never as an answer.
 *
 * <p><b>Threads and visibility.</b> Thread-safe. Writes through one store are serialised; a read-write
 * lock keeps this store's reads from overlapping a commit, so they never see part of a batch written
 * through it (readers elsewhere can: SolrCloud commits shard by shard). {@code searchBatch} runs up to
 * {@code searchThreads} requests at once. Owns its SolrJ client and threads until {@link #close()}; the
 * collection outlives the store.
 *
 * <pre>{@code
 * var location = SolrLocation.parse("solr+zk://zk-1:2181/solr/laion-images");
 * try (var store = SolrEmbeddingStore.open(SolrStoreOptions.builder(location, 512).shards(16).replicas(2).build())) {
 *   store.upsert(batch);
 *   List<Hit> hits = store.search(SearchRequest.builder(query).k(10).candidates(50).build());
 * }
 * }</pre>
 */
public final class SolrEmbeddingStore implements EmbeddingStore {
  private static final Logger LOG = LoggerFactory.getLogger(SolrEmbeddingStore.class);
  private static final int IDS_PER_LOOKUP = 1000;

  private final SolrStoreOptions options;
  private final StoreInfo info;
  private final String collection;
  private final CloudSolrClient client;
  private final SolrRetrier retrier;
  private final StoreLifecycle lifecycle;
  private final ReadWriteLock visibility = new ReentrantReadWriteLock();
  private final ReentrantLock writes = new ReentrantLock();

  private SolrEmbeddingStore(SolrStoreOptions options, SolrStoreSettings settings, CloudSolrClient client,
      SolrRetrier retrier) {
    this.options = options;
    this.info = new StoreInfo(options.name(), settings.dimension(), SimilarityMetric.DOT_PRODUCT,
        VectorEncoding.FLOAT32, settings.properties());
    this.collection = options.location().collection();
    this.client = client;
    this.retrier = retrier;
    this.lifecycle = new StoreLifecycle("Solr embedding store '" + info.name() + "' at " + options.location(),
        options.searchThreads(), "react-solr-search-" + collection);
  }

  /**
   * Connects to the cluster and opens the store's collection, creating it if it is missing (and {@code
   * createIfMissing}).
   *
   * @throws IllegalArgumentException if the collection has another dimension or properties, or is
   *     missing and may not be created
   * @throws org.reactvl.index.StoreFormatException if the collection is not an embedding store
   * @throws SolrStoreException if the cluster cannot be reached or refuses (after retries)
   */
  public static SolrEmbeddingStore open(SolrStoreOptions options) {
    Objects.requireNonNull(options, "options must not be null");
    CloudSolrClient client = newClient(options);
    try {
      SolrRetrier retrier = new SolrRetrier(options.retry(), options.location().collection());
      SolrStoreSettings settings = SolrCollections.openOrCreate(client, options, retrier);
      SolrEmbeddingStore store = new SolrEmbeddingStore(options, settings, client, retrier);
      LOG.info("Opened Solr embedding store '{}' at {}: {} vectors, dimension {}", options.name(), options.location(),
          store.count(), settings.dimension());
      return store;
    } catch (RuntimeException e) {
      closeQuietly(client, e);
      throw e;
    }
  }

  /** The options this store was opened with. */
  public SolrStoreOptions options() {
    return options;
  }

  @Override
  public void upsert(List<EmbeddingEntry> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    lifecycle.whileOpen(() -> {
      info.checkEntries(entries);
      Map<String, EmbeddingEntry> byId = new LinkedHashMap<>();
      for (EmbeddingEntry entry : entries) {
        SolrDocuments.checkIndexable(entry, info.name());
        byId.remove(entry.id()); // the last entry with an id wins, in its own position
        byId.put(entry.id(), entry);
      }
      if (byId.isEmpty()) {
        return null;
      }
      List<SolrInputDocument> docs = byId.values().stream().map(SolrDocuments::document).toList();
      List<String> ids = List.copyOf(byId.keySet());
      write(ids, "add " + docs.size() + " entries", requests(docs, (request, part) -> request.add(part)));
      return null;
    });
  }

  @Override
  public List<Hit> search(SearchRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    return lifecycle.whileOpen(() -> {
      info.checkQuery(request);
      return visible(() -> searchOne(request));
    });
  }

  /** Runs the requests against one state of the collection, up to {@code searchThreads} at a time. */
  @Override
  public List<List<Hit>> searchBatch(List<SearchRequest> requests) {
    Objects.requireNonNull(requests, "requests must not be null");
    return lifecycle.whileOpen(() -> {
      requests.forEach(info::checkQuery);
      return visible(() -> lifecycle.searchAll(requests, this::searchOne));
    });
  }

  @Override
  public long count() {
    return lifecycle.whileOpen(() -> visible(() -> {
      ModifiableSolrParams params = new ModifiableSolrParams();
      params.set(CommonParams.Q, "*:*");
      params.set(CommonParams.ROWS, 0);
      return query("count entries", params).getResults().getNumFound();
    }));
  }

  @Override
  public Optional<EmbeddingEntry> get(String id) {
    Objects.requireNonNull(id, "id must not be null");
    return lifecycle.whileOpen(() -> visible(() -> {
      ModifiableSolrParams params = new ModifiableSolrParams();
      params.set(CommonParams.Q, "{!term f=" + SolrDocuments.ID + " v=$react.id}");
      params.set("react.id", id);
      params.set(CommonParams.FL, SolrDocuments.ENTRY_FIELDS);
      params.set(CommonParams.ROWS, 1);
      List<SolrDocument> docs = query("get an entry", params).getResults();
      return docs.isEmpty() ? Optional.empty() : Optional.of(SolrDocuments.entry(docs.get(0)));
    }));
  }

  @Override
  public Set<String> existingIds(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    return lifecycle.whileOpen(() -> visible(() -> {
      List<String> distinct = ids.stream().distinct().toList();
      Set<String> present = new HashSet<>();
      for (int from = 0; from < distinct.size(); from += IDS_PER_LOOKUP) {
        List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + IDS_PER_LOOKUP));
        ModifiableSolrParams params = new ModifiableSolrParams();
        params.set(CommonParams.Q, "{!terms f=" + SolrDocuments.ID + " separator=$react.sep v=$react.ids}");
        String separator = SolrFilters.separator(chunk, "the ids looked up");
        params.set("react.sep", separator);
        params.set("react.ids", String.join(separator, chunk));
        params.set(CommonParams.FL, SolrDocuments.ID);
        params.set(CommonParams.ROWS, chunk.size());
        for (SolrDocument doc : query("look up ids", params).getResults()) {
          present.add((String) doc.getFieldValue(SolrDocuments.ID));
        }
      }
      return Set.copyOf(present);
    }));
  }

  @Override
  public void delete(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    lifecycle.whileOpen(() -> {
      List<String> distinct = ids.stream().distinct().toList();
      if (!distinct.isEmpty()) {
        write(distinct, "delete " + distinct.size() + " ids", requests(distinct, UpdateRequest::deleteById));
      }
      return null;
    });
  }

  /**
   * Merges each shard's index down to at most {@code maxSegments} segments (Solr's optimize) and waits
   * for it. Worth it after a bulk load: every segment has its own HNSW graph, searched with the full
   * {@code candidates}, so many small segments cost time (and, for tiny graphs of clustered vectors,
   * recall). Slow: merging rebuilds graphs (about as long as indexing); a merge that outlasts {@code
   * requestTimeout} goes on in Solr after this call failed.
   */
  public void forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be positive, but was " + maxSegments);
    }
    lifecycle.whileOpen(() -> retrier.read("force-merge to " + maxSegments + " segments",
        () -> client.optimize(collection, true, true, maxSegments)));
  }

  @Override
  public StoreInfo info() {
    return lifecycle.whileOpen(() -> info);
  }

  /** Closes the SolrJ client and the search threads; the collection stays as it is. */
  @Override
  public void close() {
    try {
      lifecycle.close(client::close);
    } catch (IOException e) {
      throw new ReactException("cannot close the Solr client of store '" + info.name() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SolrEmbeddingStore[" + info.name() + ", " + options.location() + "]";
  }

  /**
   * Sends a write's requests, then commits under the visibility lock. Writes through this store are
   * serialised so that a commit never exposes part of another batch.
   */
  private void write(List<String> ids, String what, List<UpdateRequest> requests) {
    writes.lock();
    try {
      for (UpdateRequest request : requests) {
        retrier.write(what, ids, () -> request.process(client, collection));
      }
      visibility.writeLock().lock();
      try {
        retrier.write("commit (" + what + ")", ids, () -> client.commit(collection, true, true));
      } finally {
        visibility.writeLock().unlock();
      }
    } finally {
      writes.unlock();
    }
  }

  /** Update requests of at most {@code batchSize} items each. */
  private <T> List<UpdateRequest> requests(List<T> items, BiConsumer<UpdateRequest, List<T>> fill) {
    List<UpdateRequest> requests = new ArrayList<>();
    for (int from = 0; from < items.size(); from += options.batchSize()) {
      UpdateRequest request = new UpdateRequest();
      fill.accept(request, items.subList(from, Math.min(items.size(), from + options.batchSize())));
      requests.add(request);
    }
    return requests;
  }

  private List<Hit> searchOne(SearchRequest request) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set(CommonParams.Q, "{!knn f=" + SolrDocuments.VECTOR + " topK=" + request.candidates() + "}"
        + SolrDocuments.vectorText(request.unitQuery()));
    request.filter().ifPresent(filter -> SolrFilters.apply(filter, params));
    params.set(CommonParams.FL, SolrDocuments.HIT_FIELDS);
    params.set(CommonParams.SORT, SolrDocuments.SCORE + " desc," + SolrDocuments.ID + " asc");
    params.set(CommonParams.ROWS, request.k());
    params.set(ShardParams.DISTRIB_SINGLE_PASS, true); // hits are small: fetch them with the scores, one round trip
    List<Hit> hits = new ArrayList<>(request.k());
    for (SolrDocument doc : query("search", params).getResults()) {
      Hit hit = SolrDocuments.hit(doc);
      if (request.accepts(hit.score())) {
        hits.add(hit);
      }
    }
    hits.sort(Hit.ORDER);
    return hits;
  }

  /**
   * Runs a query (POST: queries carry whole vectors and id lists) with retries. Partial results (a shard
   * that did not answer) are a failure: an answer missing a shard would silently lose hits.
   */
  private QueryResponse query(String what, ModifiableSolrParams params) {
    params.set(ShardParams.SHARDS_TOLERANT, false);
    QueryRequest request = new QueryRequest(params, SolrRequest.METHOD.POST);
    return retrier.read(what, () -> {
      QueryResponse response = request.process(client, collection);
      Object partial = response.getResponseHeader() == null ? null : response.getResponseHeader().get("partialResults");
      if (Boolean.TRUE.equals(partial)) {
        throw new SolrServerException("the response has partial results: a shard did not answer in full");
      }
      return response;
    });
  }

  /** Runs a read that must not overlap a commit of this store. */
  private <T> T visible(Supplier<T> read) {
    visibility.readLock().lock();
    try {
      return read.get();
    } finally {
      visibility.readLock().unlock();
    }
  }

  private static CloudSolrClient newClient(SolrStoreOptions options) {
    Http2SolrClient.Builder http = new Http2SolrClient.Builder()
        .withConnectionTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .withRequestTimeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .withIdleTimeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    SolrLocation location = options.location();
    CloudHttp2SolrClient.Builder cloud = location.mode() == SolrLocation.Mode.ZOOKEEPER
        ? new CloudHttp2SolrClient.Builder(location.hosts(), location.chroot())
            .withZkConnectTimeout((int) options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        : new CloudHttp2SolrClient.Builder(location.solrUrls());
    return cloud.withInternalClientBuilder(http).build();
  }

  private static void closeQuietly(CloudSolrClient client, Exception cause) {
    try {
      client.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
