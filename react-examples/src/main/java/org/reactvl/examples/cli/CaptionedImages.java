package org.reactvl.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Images paired with captions, for image-text retrieval evaluation: a JSON Lines manifest of
 * {@code {"image", "caption"}} objects whose image paths are relative to the manifest.
 *
 * @param images the image files
 * @param captions the caption of each image, in the same order
 */
record CaptionedImages(List<Path> images, List<String> captions) {
  CaptionedImages {
    images = List.copyOf(images);
    captions = List.copyOf(captions);
    if (images.size() != captions.size()) {
      throw new IllegalArgumentException("there must be one caption per image (" + images.size() + "), but there were " + captions.size());
    }
  }

  /** The {@code image} (relative to the manifest, or absolute) and {@code caption} of each line of {@code manifest}. */
  static CaptionedImages fromManifest(Path manifest) {
    List<Path> images = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (JsonLines.Line line : JsonLines.readObjects(manifest)) {
      images.add(line.existingFile("image"));
      captions.add(line.text("caption"));
    }
    return new CaptionedImages(images, captions);
  }
}
