package org.reactvl.core;

/** An image file is missing, empty, truncated or in a format that cannot be decoded. */
public class ImageFormatException extends ReactException {
  private static final long serialVersionUID = 1L;

  public ImageFormatException(String message) {
    super(message);
  }

  public ImageFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
