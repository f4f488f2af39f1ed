package org.reactvl.modules.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image-caption pair to train on: an id (unique within a dataset), an image file and the text
 * that describes it (for REACT, the retrieved pair's original caption, not the class name).
 *
 * @param id unique within its dataset; never blank
 * @param image a file {@link org.reactvl.core.image.ImageLoader} can decode
 * @param caption the training text; never blank
 */
public record TrainingExample(String id, Path image, String caption) {
  public TrainingExample {
    Objects.requireNonNull(image, "image must not be null");
    checkArgument(id != null && !id.isBlank(), "example id must not be blank, but was '%s'", id);
    checkArgument(caption != null && !caption.isBlank(), "caption of example '%s' must not be blank", id);
  }
}
