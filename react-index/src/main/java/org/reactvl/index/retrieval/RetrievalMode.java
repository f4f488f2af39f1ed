package org.reactvl.index.retrieval;

import java.util.Locale;
import org.reactvl.index.pool.PoolKey;

/** Which queries search which pool vectors. */
public enum RetrievalMode {
  /** Text queries (class name x template) against image vectors: REACT's default. */
  T2I(PoolKey.IMAGE),
  /** Text queries against caption vectors. */
  T2T(PoolKey.CAPTION),
  /** Example images of each class against image vectors. */
  I2I(PoolKey.IMAGE);

  private final PoolKey searched;

  RetrievalMode(PoolKey searched) {
    this.searched = searched;
  }

  /** The pool store this mode searches. */
  public PoolKey searched() {
    return searched;
  }

  /** Whether queries are prompts (class names filled into templates) rather than images. */
  public boolean textQueries() {
    return this != I2I;
  }

  /** The lower-case name used in manifests and on the command line ({@code t2i}, {@code t2t}, {@code i2i}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode with this label, case-insensitively. */
  public static RetrievalMode parse(String label) {
    for (RetrievalMode mode : values()) {
      if (mode.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("retrieval mode must be one of t2i, t2t, i2i, but was '" + label + "'");
  }
}
