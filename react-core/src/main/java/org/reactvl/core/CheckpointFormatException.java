package org.reactvl.core;

/** A weights file (safetensors, npy, a model folder) is truncated, corrupt or does not fit the model. */
public class CheckpointFormatException extends ReactException {
  private static final long serialVersionUID = 1L;

  public CheckpointFormatException(String message) {
    super(message);
  }

  public CheckpointFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
