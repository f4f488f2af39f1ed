package org.reactvl.core;

/** A tokenizer vocabulary (BPE merges file) is missing, unreadable, truncated or malformed. */
public class VocabularyFormatException extends ReactException {
  private static final long serialVersionUID = 1L;

  public VocabularyFormatException(String message) {
    super(message);
  }

  public VocabularyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
