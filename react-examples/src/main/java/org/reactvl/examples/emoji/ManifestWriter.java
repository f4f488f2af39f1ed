package org.reactvl.examples.emoji;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.reactvl.core.io.AtomicFiles;

/**
 * Writes image-text manifests in JSON Lines, UTF-8, one object per image, fields in this order:
 *
 * <pre>{@code
 * {"id":"twemoji/dog-face","image":"/abs/path/dog-face.png","caption":"dog face",
 *  "captions":["dog face","dog face: adorbs, animal, dog, face, pet, puppies, puppy","..."],
 *  "metadata":{"family":"twemoji","license":"CC-BY-4.0","concept":"dog-face"}}
 * }</pre>
 *
 * (one line each; shown wrapped). {@code image} is absolute; {@code caption} is the first of
 * {@code captions}; {@code license} is the set's SPDX id. Items of labelled test sets add
 * {@code "label":"dog"} after {@code metadata}. The file is written to a temporary sibling and
 * renamed into place.
 *
 * <p>Stateless and thread-safe.
 */
public final class ManifestWriter {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ManifestWriter() {}

  /**
   * Writes the manifest, replacing any file at {@code file}.
   *
   * @throws EmojiDataException if the file cannot be written
   */
  public static void write(Iterable<EmojiImage> images, Path file) {
    Path target = file.toAbsolutePath();
    try {
      AtomicFiles.writeText(target, out -> {
        for (EmojiImage image : images) {
          out.write(line(image));
          out.write('\n');
        }
      });
    } catch (IOException e) {
      throw new EmojiDataException("cannot write manifest " + target, e);
    }
  }

  /** One manifest line, without the newline. */
  public static String line(EmojiImage image) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", image.id());
    node.put("image", image.png().toAbsolutePath().toString());
    node.put("caption", image.caption());
    ArrayNode captions = node.putArray("captions");
    image.captions().forEach(captions::add);
    ObjectNode metadata = node.putObject("metadata");
    metadata.put("family", image.family());
    metadata.put("license", image.license().spdx());
    metadata.put("concept", image.concept());
    image.label().ifPresent(label -> node.put("label", label));
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new EmojiDataException("cannot encode manifest line of image '" + image.id() + "'", e);
    }
  }
}
