package org.reactvl.index.embed;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.DecodedImage;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.text.ClipTokenizer;

/**
 * An {@link Embedder} over a {@link ClipModel}: texts through the tokenizer and the text tower,
 * images through CLIP's preprocessing (at the model's input size) and the image tower.
 *
 * <p>Does not own the model: whoever loaded it closes it, after the last use of this embedder.
 * Thread-safe (the model serializes calls per tower).
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(Path.of("clip-vit-base-patch32"))) {
 *   Embedder embedder = ClipEmbedder.of(clip, ClipTokenizer.load());
 *   float[][] vectors = embedder.embedImageFiles(List.of(Path.of("cat.jpg")));
 * }
 * }</pre>
 */
public final class ClipEmbedder implements Embedder {
  private final ClipModel model;
  private final ClipTokenizer tokenizer;
  private final ImagePreprocessor preprocessor;

  private ClipEmbedder(ClipModel model, ClipTokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.preprocessor = ImagePreprocessor.forModel(model.config());
  }

  /** An embedder over {@code model} (with its module, if it has one) and {@code tokenizer}. */
  public static ClipEmbedder of(ClipModel model, ClipTokenizer tokenizer) {
    Objects.requireNonNull(model, "model must not be null");
    Objects.requireNonNull(tokenizer, "tokenizer must not be null");
    return new ClipEmbedder(model, tokenizer);
  }

  /** The base model's fingerprint: a gated module does not change it. */
  @Override
  public String fingerprint() {
    return model.fingerprint();
  }

  @Override
  public int dimension() {
    return model.config().embedDim();
  }

  @Override
  public float[][] embedTexts(List<String> texts) {
    Objects.requireNonNull(texts, "texts must not be null");
    if (texts.isEmpty()) {
      return new float[0][];
    }
    int context = model.config().text().contextLength();
    int[][] tokens = new int[texts.size()][];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = tokenizer.tokenize(texts.get(i), context);
    }
    return model.encodeTokens(tokens).toFloatMatrix();
  }

  @Override
  public float[][] embedImages(List<DecodedImage> images) {
    Objects.requireNonNull(images, "images must not be null");
    if (images.isEmpty()) {
      return new float[0][];
    }
    int length = preprocessor.outputLength();
    float[] pixels = new float[Math.multiplyExact(images.size(), length)];
    for (int i = 0; i < images.size(); i++) {
      preprocessor.preprocessInto(images.get(i), pixels, i * length);
    }
    int size = preprocessor.size();
    INDArray batch = Nd4j.create(pixels, new long[] {images.size(), 3, size, size}, 'c');
    return model.encodeImages(batch).toFloatMatrix();
  }

  @Override
  public String toString() {
    return "ClipEmbedder[fingerprint=" + fingerprint() + ", dimension=" + dimension() + "]";
  }
}
