package org.reactvl.index;

import org.reactvl.core.ReactException;

/** Stored index data is corrupt, truncated, of an unknown version or not an embedding store at all. */
public class StoreFormatException extends ReactException {
  private static final long serialVersionUID = 1L;

  public StoreFormatException(String message) {
    super(message);
  }

  public StoreFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
