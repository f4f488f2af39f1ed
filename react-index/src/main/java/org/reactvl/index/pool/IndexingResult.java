package org.reactvl.index.pool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an indexing run did. Immutable.
 *
 * @param pairs pairs read from the pool (those of other shards included)
 * @param imagesEmbedded image vectors added to the image store
 * @param captionsEmbedded caption vectors added to the caption store
 * @param alreadyStored pairs every target store already held (skipped: a resumed or repeated run)
 * @param badImages pairs skipped because their image could not be read ({@code skipBadImages})
 * @param badImageIds the ids of the first {@value #MAX_BAD_IDS} of them
 * @param otherShards pairs left to the other shards of a sharded run ({@link PoolShard}); 0 otherwise
 * @param elapsed wall time of the run
 */
public record IndexingResult(
    long pairs,
    long imagesEmbedded,
    long captionsEmbedded,
    long alreadyStored,
    long badImages,
    List<String> badImageIds,
    long otherShards,
    Duration elapsed) {

  /** How many bad-image ids a result lists at most. */
  public static final int MAX_BAD_IDS = 1000;

  public IndexingResult {
    badImageIds = List.copyOf(badImageIds);
    Objects.requireNonNull(elapsed, "elapsed must not be null");
  }
}
