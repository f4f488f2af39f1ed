package org.reactvl.index.pool;

import org.reactvl.core.ReactException;

/**
 * A JSON Lines manifest (a pool, a retrieved set, an embedding shard's metadata) cannot be read: a line
 * is not JSON, lacks a field, has a field of the wrong type, or the file itself cannot be read. The
 * message starts with {@code file:line} where a line is to blame.
 */
public class ManifestFormatException extends ReactException {
  private static final long serialVersionUID = 1L;

  public ManifestFormatException(String message) {
    super(message);
  }

  public ManifestFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
