package org.reactvl.examples.emoji;

import org.reactvl.core.ReactException;

/**
 * An emoji data file (an Iconify icon set, the emojilib keywords, a domain mapping) is missing from
 * the classpath or malformed, or a rendered image cannot be written to the cache.
 */
public class EmojiDataException extends ReactException {
  private static final long serialVersionUID = 1L;

  public EmojiDataException(String message) {
    super(message);
  }

  public EmojiDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
