package org.reactvl.examples.emoji;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DocumentLimits;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.parser.resources.ResourcePolicy;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.reactvl.core.ImageFormatException;
import org.reactvl.core.io.AtomicFiles;

/**
 * Rasterizes Iconify icons with JSVG into a PNG cache: every icon at one square size, composited
 * onto one opaque white background, so neither size nor transparency tells one design family from
 * another. Icons with a non-square view box are centred, keeping their aspect ratio.
 *
 * <p>All images go through the same path: the vector art is drawn directly at the target size by
 * Java2D with anti-aliasing, so no raster resampling step is involved; raster images embedded in an
 * SVG are scaled bicubically. External resources are never fetched.
 *
 * <p>Cache layout: {@code <dir>/<family>/<icon-name>.png}. A PNG that exists is reused, never
 * rendered again; a new one is written to a temporary file in the same folder and renamed into
 * place, so readers never see a half-written PNG and concurrent renderers of one icon are harmless.
 *
 * <p>Thread-safe: {@link #render} may be called from several threads. Example:
 *
 * <pre>{@code
 * EmojiRenderer renderer = new EmojiRenderer(Path.of("/tmp/emoji/64"), 64);
 * Path png = renderer.render("twemoji", IconSet.load("twemoji").icon("dog-face").orElseThrow());
 * }</pre>
 */
public final class EmojiRenderer {

  /** Largest accepted image side. */
  public static final int MAX_SIZE = 1024;

  /**
   * JSVG's default cap of 2,000 drawn elements guards against hostile files; the bundled flags
   * (EmojiOne's Bhutan: 2,673 paths) need more. External references are never followed.
   */
  private static final LoaderContext LOADER_CONTEXT = LoaderContext.builder()
      .externalResourcePolicy(ResourcePolicy.DENY_EXTERNAL)
      .documentLimits(new DocumentLimits(
          DocumentLimits.DEFAULT_MAX_NESTING_DEPTH, DocumentLimits.DEFAULT_MAX_USE_NESTING_DEPTH, 100_000))
      .build();

  private final Path dir;
  private final int size;
  private final AtomicLong rendered = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();
  private final AtomicLong renderNanos = new AtomicLong();

  /**
   * @param dir the cache folder for this size (created on first write)
   * @param size side of every image in pixels, 8..{@value #MAX_SIZE}
   */
  public EmojiRenderer(Path dir, int size) {
    if (size < 8 || size > MAX_SIZE) {
      throw new IllegalArgumentException("image size must be in 8.." + MAX_SIZE + ", but was " + size);
    }
    this.dir = dir.toAbsolutePath();
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** The cache folder, absolute. */
  public Path dir() {
    return dir;
  }

  /** Where the PNG of this icon is (or will be) cached. */
  public Path pathOf(String family, String iconName) {
    return dir.resolve(family).resolve(iconName + ".png");
  }

  /**
   * The cached PNG of the icon, rendering it first if it is not cached yet.
   *
   * @throws ImageFormatException if JSVG cannot parse the icon
   * @throws EmojiDataException if the PNG cannot be written
   */
  public Path render(String family, SvgIcon icon) {
    Path target = pathOf(family, icon.name());
    if (Files.isRegularFile(target)) {
      reused.incrementAndGet();
      return target;
    }
    long start = System.nanoTime();
    BufferedImage image = rasterize(family, icon);
    write(image, target);
    renderNanos.addAndGet(System.nanoTime() - start);
    rendered.incrementAndGet();
    return target;
  }

  /** The icon drawn at this renderer's size on white; opaque RGB. Does not touch the cache. */
  public BufferedImage rasterize(String family, SvgIcon icon) {
    byte[] svg = icon.toSvg().getBytes(StandardCharsets.UTF_8);
    SVGDocument document = new SVGLoader().load(new ByteArrayInputStream(svg), null, LOADER_CONTEXT);
    if (document == null) {
      throw new ImageFormatException("SVG of icon '" + family + "/" + icon.name() + "' could not be parsed by JSVG");
    }
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, size, size);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      document.render((Component) null, g, new ViewBox(0, 0, size, size));
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Counts and time since this renderer was made. */
  public RenderStats stats() {
    return new RenderStats(rendered.get(), reused.get(), renderNanos.get());
  }

  private static void write(BufferedImage image, Path target) {
    try {
      AtomicFiles.write(target, out -> {
        if (!ImageIO.write(image, "png", out)) {
          throw new EmojiDataException("no PNG writer is available to write " + target);
        }
      });
    } catch (IOException e) {
      throw new EmojiDataException("cannot write rendered image " + target, e);
    }
  }
}
