package org.reactvl.core;

/**
 * A module (gated blocks, a module artifact, a training result) was attached to another base model
 * than the one it was trained for. Every attach path checks with {@link #check}, so the message is
 * the same everywhere and names both fingerprints.
 */
public class BackboneMismatchException extends ReactException {
  private static final long serialVersionUID = 1L;

  private final String expectedFingerprint;
  private final String actualFingerprint;

  public BackboneMismatchException(String what, String expectedFingerprint, String actualFingerprint) {
    super(what + " was trained for the base model with fingerprint " + expectedFingerprint + ", but the model given has fingerprint "
        + actualFingerprint + "; load the module's own base model");
    this.expectedFingerprint = expectedFingerprint;
    this.actualFingerprint = actualFingerprint;
  }

  /**
   * Throws unless the two fingerprints are equal.
   *
   * @param what names the module in the message ("module 'modules/dogs'")
   * @param expectedFingerprint the fingerprint of the base model the module was trained for
   * @param actualFingerprint the fingerprint of the model it is being attached to
   */
  public static void check(String what, String expectedFingerprint, String actualFingerprint) {
    if (!expectedFingerprint.equals(actualFingerprint)) {
      throw new BackboneMismatchException(what, expectedFingerprint, actualFingerprint);
    }
  }

  /** The fingerprint of the base model the module was trained for. */
  public String expectedFingerprint() {
    return expectedFingerprint;
  }

  /** The fingerprint of the model it was attached to. */
  public String actualFingerprint() {
    return actualFingerprint;
  }
}
