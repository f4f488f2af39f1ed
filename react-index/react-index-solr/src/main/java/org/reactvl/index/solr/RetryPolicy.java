package org.reactvl.index.solr;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a Solr store repeats a request that failed for a reason that may pass:
 * a node that does not answer, a shard without a live replica, a leader being elected. The delay
 * before attempt {@code i + 1} is {@code min(maxDelay, firstDelay * 2^(i - 1))}, each scaled by a
 * random factor in [0.75, 1.25] so that many indexers do not retry in step. Immutable.
 *
 * <p>The default ({@link #DEFAULT}: 6 attempts, 250 ms doubling to at most 4 s) rides out about 7 s
 * of unavailability, enough for a leader election; a node restart needs {@code attempts(12)} or so.
 *
 * @param attempts tries in all, at least 1 (1: no retry)
 * @param firstDelay wait before the second attempt; not negative
 * @param maxDelay cap on any one wait; at least {@code firstDelay}
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

  /** 6 attempts, 250 ms doubling to at most 4 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(4));

  /** One attempt: every failure is final. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, but was " + attempts);
    }
    Objects.requireNonNull(firstDelay, "firstDelay must not be null");
    Objects.requireNonNull(maxDelay, "maxDelay must not be null");
    if (firstDelay.isNegative()) {
      throw new IllegalArgumentException("firstDelay must not be negative, but was " + firstDelay);
    }
    if (maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be at least firstDelay=" + firstDelay + ", but was " + maxDelay);
    }
  }

  /** Same delays, {@code n} attempts. */
  public RetryPolicy withAttempts(int n) {
    return new RetryPolicy(n, firstDelay, maxDelay);
  }

  /**
   * The wait after failed attempt {@code attempt} (from 1), before jitter.
   *
   * @throws IllegalArgumentException unless {@code attempt} is in [1, attempts)
   */
  public Duration delayAfter(int attempt) {
    if (attempt < 1 || attempt >= attempts) {
      throw new IllegalArgumentException("attempt must be in [1, " + attempts + "), but was " + attempt);
    }
    long nanos = firstDelay.toNanos();
    for (int i = 1; i < attempt && nanos < maxDelay.toNanos(); i++) {
      nanos *= 2;
    }
    return Duration.ofNanos(Math.min(nanos, maxDelay.toNanos()));
  }
}
