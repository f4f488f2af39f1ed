package org.reactvl.examples.emoji;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rendered emoji image with its candidate captions: an image-text pair of the pool, or, with a
 * label, an item of a labelled test set.
 *
 * @param id "family/icon-name", e.g. "twemoji/dog-face"; unique within a corpus
 * @param family the Iconify set it was drawn from, e.g. "twemoji"
 * @param concept the emoji concept's slug, e.g. "dog-face"
 * @param png the rendered PNG in the render cache
 * @param captions candidate captions, the CLDR name first (see {@link EmojiConcept#captions()})
 * @param license the licence of the image's set
 * @param label the class in a target domain, for test-set items; empty for pool items
 */
public record EmojiImage(
    String id,
    String family,
    String concept,
    Path png,
    List<String> captions,
    SetLicense license,
    Optional<String> label) {

  public EmojiImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(concept, "concept");
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(license, "license");
    Objects.requireNonNull(label, "label");
    if (!id.startsWith(family + "/")) {
      throw new IllegalArgumentException("id must start with '" + family + "/', but was '" + id + "'");
    }
    captions = List.copyOf(captions);
    if (captions.isEmpty()) {
      throw new IllegalArgumentException("captions must not be empty (image '" + id + "')");
    }
  }

  /** The most literal caption, the concept's CLDR name. */
  public String caption() {
    return captions.get(0);
  }
}
