package org.reactvl.core.image;

/**
 * The pixel layout of a {@link DecodedImage}, named after the Pillow mode that {@code
 * PIL.Image.open} reports for the same file. The mode decides how an image is resized and how it
 * becomes RGB, exactly as in Pillow 9.4:
 *
 * <table>
 *   <caption>Modes</caption>
 *   <tr><th>mode</th><th>samples per pixel</th><th>resized with</th><th>to RGB</th></tr>
 *   <tr>
 *     <td>{@link #BILEVEL} ("1")</td><td>1 (0 or 255)</td>
 *     <td>nearest</td><td>0 or 255, replicated</td>
 *   </tr>
 *   <tr>
 *     <td>{@link #L}</td><td>1</td>
 *     <td>bicubic</td><td>replicated</td>
 *   </tr>
 *   <tr>
 *     <td>{@link #LA}</td><td>2 (straight alpha)</td>
 *     <td>bicubic, premultiplied</td><td>L replicated, alpha dropped</td>
 *   </tr>
 *   <tr>
 *     <td>{@link #I}</td><td>1 (32-bit int)</td>
 *     <td>bicubic in double precision</td><td>clipped to 0..255, replicated</td>
 *   </tr>
 *   <tr>
 *     <td>{@link #P}</td><td>1 (palette index)</td>
 *     <td>nearest</td><td>palette lookup</td>
 *   </tr>
 *   <tr>
 *     <td>{@link #RGB}</td><td>3</td>
 *     <td>bicubic</td><td>as is</td>
 *   </tr>
 *   <tr>
 *     <td>{@link #RGBA}</td><td>4 (straight alpha)</td>
 *     <td>bicubic, premultiplied</td><td>alpha dropped, no compositing</td>
 *   </tr>
 *   <tr>
 *     <td>{@link #CMYK}</td><td>4</td>
 *     <td>bicubic</td><td>Pillow's naive CMYK formula</td>
 *   </tr>
 * </table>
 */
public enum PixelMode {
  /** Pillow "1": black and white, stored as 0 or 255. */
  BILEVEL("1", 1),
  /** Pillow "L": 8-bit grayscale. */
  L("L", 1),
  /** Pillow "LA": 8-bit grayscale with straight alpha. */
  LA("LA", 2),
  /** Pillow "I": 32-bit signed integer grayscale (16-bit grayscale PNGs open in this mode). */
  I("I", 1),
  /** Pillow "P": 8-bit indices into a palette of 256 RGB colours. */
  P("P", 1),
  /** Pillow "RGB": 8-bit red, green, blue. */
  RGB("RGB", 3),
  /** Pillow "RGBA": 8-bit red, green, blue and straight alpha. */
  RGBA("RGBA", 4),
  /** Pillow "CMYK": 8-bit cyan, magenta, yellow, black, as Pillow stores them (Adobe-inverted). */
  CMYK("CMYK", 4);

  private final String pillowName;
  private final int bands;

  PixelMode(String pillowName, int bands) {
    this.pillowName = pillowName;
    this.bands = bands;
  }

  /** Returns the name Pillow uses for this mode, e.g. {@code "1"}, {@code "RGBA"}. */
  public String pillowName() {
    return pillowName;
  }

  /** Returns the number of samples stored per pixel. */
  public int bands() {
    return bands;
  }
}
