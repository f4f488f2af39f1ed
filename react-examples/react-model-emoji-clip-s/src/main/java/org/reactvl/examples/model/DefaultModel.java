package org.reactvl.examples.model;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.core.clip.ClipModel;

/**
 * The default model shipped inside this jar: the small emoji CLIP (react-examples' {@code EmojiClip.small()})
 * pre-trained by {@code react pretrain}, in the Hugging Face layout (config.json, float16
 * model.safetensors) with its provenance.json. It is copied once to a cache folder, named by the
 * content hash, because the loaders memory-map files.
 *
 * <pre>{@code
 * try (ClipModel model = DefaultModel.load()) { ... }
 * }</pre>
 *
 * <p>Thread-safe: concurrent first uses each extract to a temporary folder and the first rename wins.
 */
public final class DefaultModel {
  /** The model's name, as in its provenance. */
  public static final String NAME = "emoji-clip-s";

  private static final String RESOURCE_FOLDER = "/org/reactvl/examples/model/" + NAME + "/";
  private static final List<String> FILES = List.of("config.json", "model.safetensors", "provenance.json");

  private DefaultModel() {}

  /** Loads the default model (extracting it on first use). */
  public static ClipModel load() {
    return ClipModel.load(path());
  }

  /** The folder holding the extracted default model, under {@code $XDG_CACHE_HOME/react-jvm/models} or {@code ~/.cache/react-jvm/models}. */
  public static Path path() {
    return extractTo(cacheRoot());
  }

  /** Extracts the model under {@code root} (a folder per content hash) unless it is there already. */
  static Path extractTo(Path root) {
    byte[][] contents = new byte[FILES.size()][];
    var hasher = Hashing.sha256().newHasher();
    for (int i = 0; i < contents.length; i++) {
      contents[i] = resource(FILES.get(i));
      hasher.putBytes(contents[i]);
    }
    Path target = root.resolve(NAME + "-" + hasher.hash().toString().substring(0, 16));
    if (Files.isDirectory(target)) {
      return target;
    }
    // Written whole under a temporary name and renamed into place; a rival extraction that won the
    // race left the same content, which is replaced only if it holds exactly what was written.
    OutputFolders.replace(target, "default model", folder -> {
      for (int i = 0; i < contents.length; i++) {
        Files.write(folder.resolve(FILES.get(i)), contents[i]);
      }
    });
    return target;
  }

  private static byte[] resource(String file) {
    try (InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE_FOLDER + file)) {
      if (in == null) {
        throw new ReactException("the default model's " + file + " is missing from the classpath (expected resource " + RESOURCE_FOLDER + file
            + "); rebuild react-examples");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE_FOLDER + file + ": " + e.getMessage(), e);
    }
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("react-jvm").resolve("models");
  }
}
