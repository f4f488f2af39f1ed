package org.reactvl.index.solr;

import java.util.List;
import org.reactvl.core.ReactException;

/**
 * A Solr store request failed for good: Solr refused it, or it kept failing for as long as the
 * {@link RetryPolicy} allowed. A failed {@code upsert} or {@code delete} names the ids of its batch
 * in {@link #ids()}: none of them is confirmed, some may already be stored (SolrCloud has no
 * transactions across shards), and sending the same batch again is safe (it replaces by id).
 */
public class SolrStoreException extends ReactException {
  private static final long serialVersionUID = 1L;

  /** Ids listed in the message at most; {@link #ids()} has all. */
  static final int IDS_IN_MESSAGE = 20;

  private final List<String> ids;

  public SolrStoreException(String message, Throwable cause) {
    this(message, List.of(), cause);
  }

  /** A failed write; {@code ids} are the entries of its batch. */
  public SolrStoreException(String message, List<String> ids, Throwable cause) {
    super(message, cause);
    this.ids = List.copyOf(ids);
  }

  /** The ids of the batch whose write failed; empty for reads. */
  public List<String> ids() {
    return ids;
  }

  /** The first {@value #IDS_IN_MESSAGE} ids, and how many more there are. */
  static String describe(List<String> ids) {
    if (ids.size() <= IDS_IN_MESSAGE) {
      return ids.toString();
    }
    return ids.subList(0, IDS_IN_MESSAGE) + " and " + (ids.size() - IDS_IN_MESSAGE) + " more";
  }
}
