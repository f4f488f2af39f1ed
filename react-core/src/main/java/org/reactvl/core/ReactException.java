package org.reactvl.core;

/**
 * Root of the library's unchecked exceptions for bad data and failed I/O: a corrupt checkpoint, an
 * unreadable image, a malformed manifest. Bad arguments are {@link IllegalArgumentException}s and
 * lifecycle misuse {@link IllegalStateException}s, as usual in Java.
 *
 * <p>Messages name the offending file or value and what was expected.
 */
public class ReactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReactException(String message) {
    super(message);
  }

  public ReactException(String message, Throwable cause) {
    super(message, cause);
  }
}
