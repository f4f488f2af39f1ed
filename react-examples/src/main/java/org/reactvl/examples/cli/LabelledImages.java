package org.reactvl.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.reactvl.core.ReactException;

/**
 * Images with their class labels, for zero-shot evaluation: from a folder with one subfolder of
 * images per class (named as the class), or from a JSON Lines manifest of {@code {"image", "label"}}
 * objects whose image paths are relative to the manifest.
 *
 * @param images the image files
 * @param labels the label of each image, in the same order
 */
record LabelledImages(List<Path> images, List<String> labels) {
  /** File name endings taken as images in a folder; other files (notes, .DS_Store) are skipped. */
  private static final List<String> IMAGE_ENDINGS = List.of(".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp");

  LabelledImages {
    images = List.copyOf(images);
    labels = List.copyOf(labels);
    if (images.size() != labels.size()) {
      throw new IllegalArgumentException("there must be one label per image (" + images.size() + "), but there were " + labels.size());
    }
  }

  /** The labels that occur, in order of first occurrence. */
  List<String> labelsFound() {
    return List.copyOf(new LinkedHashSet<>(labels));
  }

  /**
   * The images below each subfolder of {@code folder} (searched recursively, in name order; files
   * ending in .jpg, .jpeg, .png, .gif, .bmp or .webp), labelled with the subfolder's name.
   */
  static LabelledImages fromFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("image folder '" + folder + "' must be a folder with one subfolder of images per class, but "
          + (Files.exists(folder) ? "is a file" : "does not exist"));
    }
    List<Path> images = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Path classFolder : list(folder).stream().filter(Files::isDirectory).toList()) {
      String label = classFolder.getFileName().toString();
      try (Stream<Path> files = Files.walk(classFolder)) {
        for (Path image : files.filter(LabelledImages::isImageFile).sorted().toList()) {
          images.add(image);
          labels.add(label);
        }
      } catch (IOException e) {
        throw new ReactException("class folder '" + classFolder + "' cannot be listed: " + e.getMessage(), e);
      }
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("image folder '" + folder + "' must hold one subfolder of images per class, but has no images"
          + " in subfolders (image files end in .jpg, .jpeg, .png, .gif, .bmp or .webp)");
    }
    return new LabelledImages(images, labels);
  }

  /** The {@code image} (relative to the manifest, or absolute) and {@code label} of each line of {@code manifest}. */
  static LabelledImages fromManifest(Path manifest) {
    List<Path> images = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (JsonLines.Line line : JsonLines.readObjects(manifest)) {
      images.add(line.existingFile("image"));
      String label = line.text("label");
      if (label.isBlank()) {
        throw new IllegalArgumentException(line + ": field 'label' must not be blank, but was '" + label + "'");
      }
      labels.add(label);
    }
    return new LabelledImages(images, labels);
  }


  private static boolean isImageFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && !name.startsWith(".") && IMAGE_ENDINGS.stream().anyMatch(name::endsWith);
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new ReactException("image folder '" + folder + "' cannot be listed: " + e.getMessage(), e);
    }
  }
}
