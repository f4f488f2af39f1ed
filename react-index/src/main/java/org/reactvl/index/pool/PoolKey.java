package org.reactvl.index.pool;

import java.util.Locale;

/** What a pool store's vectors embed: each pair's image or its caption. */
public enum PoolKey {
  /** Image embeddings: searched by text queries (T2I) and image queries (I2I). */
  IMAGE,
  /** Caption embeddings: searched by text queries (T2T). */
  CAPTION;

  /** The lower-case name used in store properties and on the command line ({@code image}, {@code caption}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The key with this label, case-insensitively. */
  public static PoolKey parse(String label) {
    for (PoolKey key : values()) {
      if (key.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
        return key;
      }
    }
    throw new IllegalArgumentException("pool key must be 'image' or 'caption', but was '" + label + "'");
  }
}
