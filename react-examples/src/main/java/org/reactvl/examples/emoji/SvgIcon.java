package org.reactvl.examples.emoji;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One icon of an Iconify set: the inner SVG markup and the view box it is drawn in.
 *
 * @param name the icon's name inside its set, e.g. "dog-face" (lower-case letters, digits, hyphens)
 * @param body the SVG elements inside the {@code <svg>} root
 * @param left view box x
 * @param top view box y
 * @param width view box width, positive
 * @param height view box height, positive
 */
public record SvgIcon(String name, String body, double left, double top, double width, double height) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public SvgIcon {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "icon name must be lower-case letters, digits and single hyphens, but was '" + name + "'");
    }
    if (!(width > 0 && height > 0 && Double.isFinite(width) && Double.isFinite(height))) {
      throw new IllegalArgumentException(
          "icon view box must have a positive finite size, but was " + width + "x" + height + " (icon '" + name + "')");
    }
  }

  /**
   * A standalone SVG document of this icon; it scales to any viewport, keeping its aspect ratio.
   * Monochrome sets paint in {@code currentColor} (the text colour of the page); here it is black.
   */
  public String toSvg() {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" color=\"#000000\" viewBox=\""
        + fmt(left) + ' ' + fmt(top) + ' ' + fmt(width) + ' ' + fmt(height) + "\">" + body + "</svg>";
  }

  /** What makes two icons the same picture regardless of their names: view box and markup. */
  String artKey() {
    return fmt(left) + ' ' + fmt(top) + ' ' + fmt(width) + ' ' + fmt(height) + '|' + body;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
