package org.reactvl.index.solr;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.common.SolrException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Solr requests under a {@link RetryPolicy}: repeats those that failed for a reason that may pass
 * and turns the final failure into a {@link SolrStoreException}. Thread-safe (stateless apart from
 * its settings).
 *
 * <p>What may pass: I/O errors (refused connections, timeouts, "no live Solr servers"), HTTP 5xx (a
 * shard without a live replica answers 503, a node failing mid-request 500), 408, 429, errors without
 * a status, and errors carrying a 2xx or 3xx status (a node stopping mid-answer leaves a cut-off
 * response that SolrJ reports as a "parsing error" with the status it had read, 200). Only the
 * other HTTP 4xx (a bad request, a document Solr rejects) fail at once: repeating them cannot help.
 */
final class SolrRetrier {
  private static final Logger LOG = LoggerFactory.getLogger(SolrRetrier.class);

  /** A request; every attempt calls it again. */
  interface Call<T> {
    T call() throws SolrServerException, IOException;
  }

  private final RetryPolicy policy;
  private final String collection;

  SolrRetrier(RetryPolicy policy, String collection) {
    this.policy = policy;
    this.collection = collection;
  }

  /** Runs a read; {@code what} completes "cannot ..." in messages. */
  <T> T read(String what, Call<T> call) {
    return run(what, List.of(), call);
  }

  /** Runs a write of the entries with these ids; a final failure lists them. */
  <T> T write(String what, List<String> ids, Call<T> call) {
    return run(what, ids, call);
  }

  private <T> T run(String what, List<String> ids, Call<T> call) {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (SolrServerException | IOException | SolrException e) {
        boolean passing = mayPass(e);
        if (!passing || attempt == policy.attempts()) {
          throw failure(what, ids, e, attempt, passing, start);
        }
        Duration delay = jittered(policy.delayAfter(attempt));
        LOG.warn("Solr collection '{}': cannot {} (attempt {} of {}), retrying in {} ms: {}", collection, what, attempt,
            policy.attempts(), delay.toMillis(), e.getMessage());
        sleep(delay, what, ids, e);
      }
    }
  }

  /** Whether a failure may pass if the request is repeated (see the class documentation). */
  static boolean mayPass(Throwable failure) {
    if (failure instanceof CloudSolrClient.RouteException route && route.getThrowables() != null
        && route.getThrowables().size() > 0) {
      for (var shardFailure : route.getThrowables()) {
        if (!mayPass(shardFailure.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (failure instanceof SolrException solr) {
      int code = solr.code();
      return code < 400 || code >= 500 || code == 408 || code == 429;
    }
    if (failure instanceof SolrServerException && failure.getCause() instanceof SolrException solr) {
      return mayPass(solr);
    }
    return failure instanceof SolrServerException || failure instanceof IOException;
  }

  private SolrStoreException failure(String what, List<String> ids, Exception cause, int attempts, boolean passing,
      long start) {
    StringBuilder message = new StringBuilder();
    if (passing) {
      message.append(String.format(Locale.ROOT, "cannot %s in Solr collection '%s' after %d attempts over %.1f s: %s",
          what, collection, attempts, (System.nanoTime() - start) / 1e9, cause.getMessage()));
    } else {
      message.append("Solr refused to ").append(what).append(" in collection '").append(collection).append("'");
      if (cause instanceof SolrException solr) {
        message.append(" (HTTP ").append(solr.code()).append(")");
      }
      message.append(": ").append(cause.getMessage());
    }
    if (!ids.isEmpty()) {
      message.append("; none of the batch's ").append(ids.size()).append(" ids ").append(SolrStoreException.describe(ids))
          .append(" is confirmed stored (some may be): write the batch again");
    }
    return new SolrStoreException(message.toString(), ids, cause);
  }

  private void sleep(Duration delay, String what, List<String> ids, Exception cause) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      SolrStoreException failure = new SolrStoreException("interrupted while waiting to retry: cannot " + what
          + " in Solr collection '" + collection + "'" + (ids.isEmpty() ? "" : " (batch ids " + SolrStoreException.describe(ids)
          + " not confirmed stored)"), ids, cause);
      failure.addSuppressed(e);
      throw failure;
    }
  }

  private static Duration jittered(Duration delay) {
    return Duration.ofNanos((long) (delay.toNanos() * ThreadLocalRandom.current().nextDouble(0.75, 1.25)));
  }
}
