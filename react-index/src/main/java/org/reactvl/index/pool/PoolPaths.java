package org.reactvl.index.pool;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.reactvl.core.io.OutputFolders;

/**
 * The one owner of how a pool manifest's image locations become files, and of where they may lie.
 * Pools often come from third parties (web metadata), so a location must stay inside the manifest's
 * folder, or inside a root the user allowed: a relative path that climbs out with {@code ..}, an
 * absolute path or {@code file:} URI elsewhere, or a symbolic link whose target lies elsewhere is
 * refused (so {@code /etc/shadow} or {@code /proc/self/environ} cannot be read through a pool).
 * Other URIs ({@code https:}, ...) are kept as they are: this library does no network I/O, so they
 * are never opened here.
 *
 * <p>Immutable and thread-safe.
 */
public final class PoolPaths {
  private final List<Path> roots;

  private PoolPaths(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /**
   * Locations confined to {@code folder} (the manifest's) and to {@code allowedRoots}.
   *
   * @throws IllegalArgumentException if an allowed root is not an existing folder
   */
  public static PoolPaths confinedTo(Path folder, Collection<Path> allowedRoots) {
    Objects.requireNonNull(folder, "folder must not be null");
    List<Path> roots = new ArrayList<>();
    roots.add(real(folder));
    for (Path root : allowedRoots) {
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("allowed root '" + root + "' must be an existing folder, but is not");
      }
      roots.add(real(root));
    }
    return new PoolPaths(roots);
  }

  /** The folders image files must lie in, as real paths (the manifest's folder first). */
  public List<Path> roots() {
    return roots;
  }

  /**
   * The location a manifest entry's {@code image} stands for: a relative path resolved against the
   * manifest's folder, anything else as written.
   *
   * @throws IllegalArgumentException if the location names a file outside the allowed roots, saying
   *     which file and which roots
   */
  String resolve(String image) {
    if (ImageTextPair.isUri(image)) {
      URI uri = URI.create(image);
      if ("file".equalsIgnoreCase(uri.getScheme())) {
        check(image, Path.of(uri));
      }
      return image;
    }
    Path path = Path.of(image);
    Path resolved = path.isAbsolute() ? path.normalize() : roots.get(0).resolve(path).normalize();
    check(image, resolved);
    return path.isAbsolute() ? image : resolved.toString();
  }

  private void check(String image, Path file) {
    Path normal = file.toAbsolutePath().normalize();
    Path target = normal;
    try {
      target = normal.toRealPath();
    } catch (NoSuchFileException e) {
      // A missing file cannot be read; the indexer reports it when it gets there.
    } catch (IOException e) {
      throw new IllegalArgumentException("image '" + image + "' cannot be checked: " + OutputFolders.describe(e), e);
    }
    for (Path root : roots) {
      if (target.startsWith(root)) {
        return;
      }
    }
    throw new IllegalArgumentException("image '" + image + "' must lie inside the pool's folder " + roots.get(0)
        + (roots.size() > 1 ? " or an allowed root " + roots.subList(1, roots.size()) : "") + ", but "
        + (target.equals(normal) ? "is " + normal : "links to " + target)
        + "; name other folders the pool may use as allowed roots (--allow-root DIR)");
  }

  private static Path real(Path folder) {
    try {
      return folder.toRealPath();
    } catch (IOException e) {
      return folder.toAbsolutePath().normalize();
    }
  }
}
