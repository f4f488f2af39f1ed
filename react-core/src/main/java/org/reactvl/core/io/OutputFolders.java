package org.reactvl.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.reactvl.core.ReactException;

/**
 * The one owner of the folders this library writes whole (a module artifact, a training checkpoint
 * step): it writes them atomically and is the only code that replaces or deletes them.
 *
 * <p><b>Ownership is recognised by content, never by a name.</b> Every folder written here holds a
 * marker {@value #MARKER}:
 * <pre>
 * {"format":"react-output-folder","version":1,"kind":"module","files":{"gated.safetensors":1234,"module.json":567}}
 * </pre>
 * listing every regular file written (paths relative to the folder, {@code /}-separated) with its
 * size. A folder is {@linkplain #isOwned owned} only when the marker parses, names the expected kind,
 * and the folder holds exactly those files with those sizes: nothing more, nothing less, no links.
 * Anything else (a user's folder, one with a file added or removed, one written by an older version)
 * is never replaced or deleted: the caller gets a {@link ReactException} naming the folder and an
 * entry that is not the library's, and nothing is touched.
 *
 * <p>A folder is written into a temporary sibling, its marker last, then renamed into place; an
 * earlier owned folder is moved aside first and deleted after. A kill leaves the old folder or the
 * new one, plus at most a hidden temporary sibling.
 *
 * <p>Stateless and thread-safe.
 */
public final class OutputFolders {
  /** The marker file's name. */
  public static final String MARKER = ".react-folder.json";
  /** The {@code format} field of the marker. */
  public static final String FORMAT = "react-output-folder";
  /** The marker version this library writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fills the (empty, temporary) folder that will become the output. */
  @FunctionalInterface
  public interface Filler {
    /** Writes the folder's files into {@code folder}. */
    void fill(Path folder) throws IOException;
  }

  private OutputFolders() {}

  /**
   * Checks, before any work is done, that {@link #replace} could write a folder of {@code kind} at
   * {@code target}: it is absent, an empty folder, or a folder this library wrote, and its parent
   * can be written.
   *
   * @throws ReactException saying why not; nothing is changed
   */
  public static void checkReplaceable(Path target, String kind) {
    Path folder = target.toAbsolutePath();
    if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        throw new ReactException("'" + target + "' must be a folder for the " + kind + ", but it is a file; choose another path");
      }
      if (!isEmpty(folder)) {
        Optional<String> foreign = foreignEntry(folder, kind);
        if (foreign.isPresent()) {
          throw new ReactException("'" + target + "' holds files this library did not write there (" + foreign.get()
              + "), so it is not replaced; choose a new or empty folder for the " + kind);
        }
      }
    }
    Path parent = nearestExisting(folder.getParent());
    if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new ReactException("cannot write the " + kind + " to '" + target + "': folder '" + parent + "' is not writable");
    }
  }

  /**
   * Writes a folder of {@code kind} at {@code target} atomically, replacing an owned one there.
   *
   * @throws ReactException if {@code target} holds anything this library did not write (see the
   *     class documentation), or, with the cause, if writing fails; the earlier folder is then intact
   */
  public static void replace(Path target, String kind, Filler filler) {
    checkReplaceable(target, kind);
    Path folder = target.toAbsolutePath();
    Path tmp = AtomicFiles.temporarySibling(folder);
    try {
      Files.createDirectories(folder.getParent());
      Files.createDirectory(tmp);
      filler.fill(tmp);
      writeMarker(tmp, kind);
      if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        Path old = AtomicFiles.temporarySibling(folder);
        Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      try {
        deleteTree(tmp);
      } catch (IOException ignored) {
        // The write error is the one to report.
      }
      throw new ReactException("cannot write the " + kind + " to '" + target + "': " + describe(e), e);
    }
  }

  /** Whether {@code folder} holds exactly what this library wrote there as a folder of {@code kind}. */
  public static boolean isOwned(Path folder, String kind) {
    return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && foreignEntry(folder, kind).isEmpty();
  }

  /**
   * Deletes {@code folder} if it is {@linkplain #isOwned owned} as a folder of {@code kind}.
   *
   * @return whether it was deleted; a folder that is not the library's is left untouched
   */
  public static boolean deleteIfOwned(Path folder, String kind) {
    if (!isOwned(folder, kind)) {
      return false;
    }
    try {
      deleteTree(folder);
      return true;
    } catch (IOException e) {
      throw new ReactException("cannot delete the " + kind + " '" + folder + "': " + describe(e), e);
    }
  }

  /**
   * Deletes {@code path} and, when it is a folder, everything under it (links are deleted, never
   * followed); nothing happens when it does not exist. Callers delete only what they created.
   */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        if (failure != null) {
          throw failure;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** An exception's message with its kind when the message alone is just a path. */
  public static String describe(IOException e) {
    String kind = switch (e) {
      case AccessDeniedException a -> "permission denied";
      case NoSuchFileException n -> "no such file or folder";
      case java.nio.file.FileAlreadyExistsException f -> "already exists";
      case java.nio.file.DirectoryNotEmptyException d -> "folder not empty";
      default -> null;
    };
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return kind == null ? message : message + ": " + kind;
  }

  private static void writeMarker(Path folder, String kind) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        files.put(relative(folder, p), Files.size(p));
      }
    }
    ObjectNode marker = JSON.createObjectNode();
    marker.put("format", FORMAT).put("version", VERSION).put("kind", kind);
    ObjectNode list = marker.putObject("files");
    files.forEach(list::put);
    AtomicFiles.writeString(folder.resolve(MARKER), JSON.writeValueAsString(marker) + "\n");
  }

  /** The first entry of {@code folder} that this library did not write as a {@code kind} folder, if any. */
  private static Optional<String> foreignEntry(Path folder, String kind) {
    Path markerFile = folder.resolve(MARKER);
    Map<String, Long> expected = new TreeMap<>();
    try {
      if (!Files.isRegularFile(markerFile, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of("no " + MARKER + " marker; first entry '" + firstEntry(folder) + "'");
      }
      JsonNode json = JSON.readTree(markerFile.toFile());
      if (!FORMAT.equals(json.path("format").asText()) || json.path("version").asInt() != VERSION || !kind.equals(json.path("kind").asText())) {
        return Optional.of(MARKER + " is not a " + kind + " marker");
      }
      json.path("files").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asLong(-1)));
      Map<String, Long> actual = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path p : walk.filter(p -> !p.equals(folder) && !p.equals(markerFile)).toList()) {
          String name = relative(folder, p);
          if (Files.isSymbolicLink(p)) {
            return Optional.of("'" + name + "' is a link");
          }
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            if (expected.keySet().stream().noneMatch(f -> f.startsWith(name + "/"))) {
              return Optional.of("'" + name + "/'");
            }
          } else {
            actual.put(name, Files.size(p));
          }
        }
      }
      for (Map.Entry<String, Long> e : actual.entrySet()) {
        if (!e.getValue().equals(expected.get(e.getKey()))) {
          return Optional.of(expected.containsKey(e.getKey()) ? "'" + e.getKey() + "' was changed" : "'" + e.getKey() + "'");
        }
      }
      for (String name : expected.keySet()) {
        if (!actual.containsKey(name)) {
          return Optional.of("'" + name + "' is missing");
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("unreadable: " + describe(e));
    }
  }

  private static String firstEntry(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().findFirst().orElse("");
    }
  }

  private static boolean isEmpty(Path folder) {
    try (Stream<Path> list = Files.list(folder)) {
      return list.findAny().isEmpty();
    } catch (IOException e) {
      throw new ReactException("cannot list '" + folder + "': " + describe(e), e);
    }
  }

  private static Path nearestExisting(Path path) {
    Path p = path;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p == null ? path.getRoot() : p;
  }

  private static String relative(Path folder, Path file) {
    return folder.relativize(file).toString().replace(folder.getFileSystem().getSeparator(), "/");
  }
}
