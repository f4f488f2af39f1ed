package org.reactvl.modules.artifact;

import org.reactvl.core.ReactException;

/** A module artifact was trained for another base model than the one it is applied to. */
public class BackboneMismatchException extends ReactException {
  private static final long serialVersionUID = 1L;

  public BackboneMismatchException(String message) {
    super(message);
  }
}
