package org.reactvl.index.embed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reactvl.core.image.DecodedImage;
import org.reactvl.core.image.ImageLoader;

/**
 * Turns texts and images into vectors of one joint space: what pool indexing and retrieval need of a
 * model. {@link ClipEmbedder} is the implementation over a CLIP model; another (a different model
 * family, a remote service) plugs in here.
 *
 * <p>Implementations are thread-safe. Vectors may be unnormalised; stores normalise them.
 *
 * <pre>{@code
 * Embedder embedder = ClipEmbedder.of(clip, ClipTokenizer.load());
 * float[][] queries = embedder.embedTexts(List.of("a photo of a dog."));
 * }</pre>
 */
public interface Embedder {

  /**
   * Identifies the model whose vectors this embedder makes: stores record it, and vectors of two
   * embedders with different fingerprints must never be compared.
   */
  String fingerprint();

  /** Components per vector. */
  int dimension();

  /** One vector per text, in order. */
  float[][] embedTexts(List<String> texts);

  /** One vector per decoded image, in order. */
  float[][] embedImages(List<DecodedImage> images);

  /**
   * Loads image files with {@link ImageLoader} and embeds them.
   *
   * @throws org.reactvl.core.ImageFormatException naming the first file that cannot be decoded
   */
  default float[][] embedImageFiles(List<Path> files) {
    List<DecodedImage> images = new ArrayList<>(files.size());
    for (Path file : files) {
      images.add(ImageLoader.load(file));
    }
    return embedImages(images);
  }
}
