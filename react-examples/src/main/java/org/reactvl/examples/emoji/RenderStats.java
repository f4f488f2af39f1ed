package org.reactvl.examples.emoji;

/**
 * What a renderer has done so far.
 *
 * @param rendered images rasterized and written to the cache
 * @param reused images found in the cache and not rendered again
 * @param renderNanos time spent rasterizing and writing, summed over all threads
 */
public record RenderStats(long rendered, long reused, long renderNanos) {

  public RenderStats {
    if (rendered < 0 || reused < 0 || renderNanos < 0) {
      throw new IllegalArgumentException("render counts must be >= 0, but were "
          + rendered + ", " + reused + ", " + renderNanos);
    }
  }

  /** Mean milliseconds per rendered image; 0 when nothing was rendered. */
  public double millisPerImage() {
    return rendered == 0 ? 0 : renderNanos / 1e6 / rendered;
  }
}
