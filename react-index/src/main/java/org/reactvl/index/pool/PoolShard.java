package org.reactvl.index.pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic slice of a pool, so that {@code count} machines can index one pool in parallel into
 * the same stores, each taking the pairs of its own shard ({@code react index --shard index/count}).
 *
 * <p>A pair belongs to shard {@code h mod count}, where {@code h} is the first 8 bytes of the SHA-256 of
 * its id in UTF-8, read as a big-endian unsigned number. It depends on the id alone (not on the pair's
 * position, the manifest's order or the JVM), so the shards are disjoint, cover the pool, stay the same
 * when a run is resumed, and can be computed elsewhere ({@code int.from_bytes(sha256(id).digest()[:8],
 * 'big') % count} in Python). Immutable and thread-safe.
 *
 * @param index this shard, from 0
 * @param count shards in all, at least 1
 */
public record PoolShard(int index, int count) {

  /** The whole pool: one shard of one. */
  public static final PoolShard ALL = new PoolShard(0, 1);

  public PoolShard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard must be INDEX/COUNT with 0 <= INDEX < COUNT, but was " + index + "/"
          + count);
    }
  }

  /**
   * Reads {@code "i/n"}, e.g. {@code "0/4"} .. {@code "3/4"}.
   *
   * @throws IllegalArgumentException naming the text if it is not of that form
   */
  public static PoolShard parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
    if (parts.length == 2) {
      try {
        return new PoolShard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("shard must be INDEX/COUNT with 0 <= INDEX < COUNT (e.g. 0/4), but was '"
        + text + "'");
  }

  /** Whether the pair with this id belongs to this shard. */
  public boolean contains(String id) {
    return count == 1 || of(id, count) == index;
  }

  /** The shard of {@code count} that the pair with this id belongs to. */
  public static int of(String id, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, but was " + count);
    }
    byte[] digest = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
    long h = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      h = (h << 8) | (digest[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(h, count);
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
