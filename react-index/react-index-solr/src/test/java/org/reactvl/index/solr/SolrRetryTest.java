package org.reactvl.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.BaseHttpSolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.jupiter.api.Test;

class SolrRetryTest {

  @Test
  void should_double_the_delay_up_to_its_cap() {
    RetryPolicy policy = new RetryPolicy(7, Duration.ofMillis(250), Duration.ofSeconds(2));

    List<Duration> delays = new ArrayList<>();
    for (int attempt = 1; attempt < 7; attempt++) {
      delays.add(policy.delayAfter(attempt));
    }

    assertThat(delays).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThatThrownBy(() -> policy.delayAfter(7)).hasMessage("attempt must be in [1, 7), but was 7");
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .hasMessage("attempts must be at least 1, but was 0");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("maxDelay must be at least firstDelay=PT2S, but was PT1S");
  }

  @Test
  void should_retry_failures_that_may_pass_and_not_the_others() {
    assertThat(SolrRetrier.mayPass(new SolrServerException("No live SolrServers available"))).isTrue();
    assertThat(SolrRetrier.mayPass(new SolrServerException(new IOException(new ConnectException("refused"))))).isTrue();
    assertThat(SolrRetrier.mayPass(new SolrException(SolrException.ErrorCode.SERVICE_UNAVAILABLE, "no servers hosting "
        + "shard"))).isTrue();
    assertThat(SolrRetrier.mayPass(new SolrException(SolrException.ErrorCode.SERVER_ERROR, "node went away"))).isTrue();
    assertThat(SolrRetrier.mayPass(new SolrException(SolrException.ErrorCode.BAD_REQUEST, "bad vector"))).isFalse();
    assertThat(SolrRetrier.mayPass(new SolrServerException(new SolrException(SolrException.ErrorCode.BAD_REQUEST,
        "bad")))).isFalse();
  }

  @Test
  void should_retry_an_answer_cut_off_by_a_stopping_node() {
    // SolrJ reports a response it could not finish reading with the status it had read (200)
    SolrException cutOff = new BaseHttpSolrClient.RemoteSolrException("http://127.0.0.1:1/solr/pool_shard1_replica_n2",
        200, "parsing error", new SolrException(SolrException.ErrorCode.SERVER_ERROR, "parsing error"));
    NamedList<Throwable> shardFailures = new NamedList<>();
    shardFailures.add("http://127.0.0.1:1/solr/pool_shard1_replica_n2", cutOff);

    assertThat(SolrRetrier.mayPass(cutOff)).isTrue();
    assertThat(SolrRetrier.mayPass(new CloudSolrClient.RouteException(SolrException.ErrorCode.SERVER_ERROR,
        shardFailures, Map.of()))).isTrue();
  }

  @Test
  void should_succeed_after_passing_failures_and_report_lasting_ones_with_the_batch_ids() {
    SolrRetrier retrier = new SolrRetrier(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)), "pool");
    AtomicInteger calls = new AtomicInteger();

    // a request that fails twice, then succeeds
    String answer = retrier.read("search", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new SolrServerException("No live SolrServers available");
      }
      return "hits";
    });
    assertThat(answer).isEqualTo("hits");
    assertThat(calls).hasValue(3);

    // a write that keeps failing: three attempts, then the ids
    calls.set(0);
    assertThatThrownBy(() -> retrier.write("add 2 entries", List.of("a", "b"), () -> {
      calls.incrementAndGet();
      throw new IOException("Connection refused");
    }))
        .isInstanceOf(SolrStoreException.class)
        .hasMessageStartingWith("cannot add 2 entries in Solr collection 'pool' after 3 attempts over ")
        .hasMessageEndingWith(": Connection refused; none of the batch's 2 ids [a, b] is confirmed stored (some may be):"
            + " write the batch again")
        .satisfies(e -> assertThat(((SolrStoreException) e).ids()).containsExactly("a", "b"));
    assertThat(calls).hasValue(3);

    // a refusal: one attempt
    calls.set(0);
    assertThatThrownBy(() -> retrier.read("search", () -> {
      calls.incrementAndGet();
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "undefined field m_x");
    }))
        .isInstanceOf(SolrStoreException.class)
        .hasMessage("Solr refused to search in collection 'pool' (HTTP 400): undefined field m_x");
    assertThat(calls).hasValue(1);
  }
}
