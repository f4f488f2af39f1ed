package org.reactvl.core.image;

/** Test helper: how far two 8-bit images of equal size and mode are apart. */
record PixelDifference(int differingSamples, int totalSamples, int maxDifference) {
  static PixelDifference between(DecodedImage actual, DecodedImage expected) {
    if (actual.mode() != expected.mode()
        || actual.width() != expected.width()
        || actual.height() != expected.height()) {
      throw new AssertionError("images differ in shape: " + actual + " vs " + expected);
    }
    byte[] a = actual.samples();
    byte[] e = expected.samples();
    int differing = 0;
    int max = 0;
    for (int i = 0; i < a.length; i++) {
      int d = Math.abs((a[i] & 0xff) - (e[i] & 0xff));
      if (d != 0) {
        differing++;
        max = Math.max(max, d);
      }
    }
    return new PixelDifference(differing, a.length, max);
  }

  @Override
  public String toString() {
    return differingSamples + " of " + totalSamples + " samples differ, max difference "
        + maxDifference;
  }
}
