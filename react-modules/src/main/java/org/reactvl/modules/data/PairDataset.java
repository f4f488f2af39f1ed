package org.reactvl.modules.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.ImageFormatException;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrievedSetInfo;

/**
 * Image-caption pairs for training: ids, captions, and a way to get each image's normalised pixels,
 * either by decoding and preprocessing its file on demand or from pixels given up front.
 *
 * <pre>{@code
 * PairDataset data = PairDataset.of(RetrievedSet.read(file), ImagePreprocessor.clip());
 * PairDataset small = PairDataset.ofPixels(ids, pixels, captions);   // pixels [N, 3, S, S]
 * }</pre>
 *
 * <p>A dataset made from a {@link RetrievedSet} remembers the set's digest and classes, which a
 * trained module records as its provenance.
 *
 * <p>Immutable and thread-safe; {@link #pixels} decodes files on the calling thread.
 */
public final class PairDataset {
  private final List<String> ids;
  private final List<String> captions;
  private final List<Path> images;
  private final ImagePreprocessor preprocessor;
  private final INDArray pixels;
  private final int imageSize;
  private final List<Double> mean;
  private final List<Double> std;
  private final String retrievedSetDigest;
  private final List<String> classes;
  private final String retrievalModel;

  private PairDataset(
      List<String> ids, List<String> captions, List<Path> images, ImagePreprocessor preprocessor, INDArray pixels, int imageSize,
      List<Double> mean, List<Double> std, String retrievedSetDigest, List<String> classes, String retrievalModel) {
    checkArgument(!ids.isEmpty(), "a dataset must have at least one example");
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      checkArgument(seen.add(id), "example ids must be unique, but '%s' appears twice", id);
    }
    this.ids = List.copyOf(ids);
    this.captions = List.copyOf(captions);
    this.images = images == null ? null : List.copyOf(images);
    this.preprocessor = preprocessor;
    this.pixels = pixels;
    this.imageSize = imageSize;
    this.mean = List.copyOf(mean);
    this.std = List.copyOf(std);
    this.retrievedSetDigest = retrievedSetDigest;
    this.classes = List.copyOf(classes);
    this.retrievalModel = retrievalModel;
  }

  /** Examples whose image files {@code preprocessor} decodes and preprocesses when a batch needs them. */
  public static PairDataset of(Iterable<TrainingExample> examples, ImagePreprocessor preprocessor) {
    return of(examples, preprocessor, null, List.of(), null);
  }

  /**
   * The pairs of a retrieved set, in its order, each with its caption; the set's digest and classes
   * are kept as provenance.
   *
   * @throws IllegalArgumentException if a pair's image is not a local file
   */
  public static PairDataset of(RetrievedSet set, ImagePreprocessor preprocessor) {
    List<TrainingExample> examples = new ArrayList<>(set.size());
    for (RetrievedPair p : set.pairs()) {
      Path image = p.pair().imageFile().orElseThrow(
          () -> new IllegalArgumentException("image of retrieved pair '" + p.id() + "' must be a local file, but was '" + p.pair().image() + "'"));
      examples.add(new TrainingExample(p.id(), image, p.pair().caption()));
    }
    return of(examples, preprocessor, set.digest(), set.classes(), set.info().model());
  }

  private static PairDataset of(
      Iterable<TrainingExample> examples, ImagePreprocessor preprocessor, String digest, List<String> classes, String retrievalModel) {
    List<String> ids = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    List<Path> images = new ArrayList<>();
    for (TrainingExample e : examples) {
      ids.add(e.id());
      captions.add(e.caption());
      images.add(e.image());
    }
    return new PairDataset(
        ids, captions, images, preprocessor, null, preprocessor.size(), preprocessor.mean(), preprocessor.std(), digest, classes, retrievalModel);
  }

  /**
   * Pairs whose images are already preprocessed: {@code pixels} FLOAT {@code [N, 3, S, S]},
   * normalised with CLIP's mean and standard deviation. The array is copied.
   */
  public static PairDataset ofPixels(List<String> ids, INDArray pixels, List<String> captions) {
    long[] s = pixels.shape();
    checkArgument(
        s.length == 4 && s[1] == 3 && s[2] == s[3] && s[0] == ids.size(),
        "pixels must have shape [%s, 3, S, S], but had %s", ids.size(), Arrays.toString(s));
    checkArgument(pixels.dataType() == DataType.FLOAT, "pixels must be FLOAT, but were %s", pixels.dataType());
    checkArgument(captions.size() == ids.size(), "there must be one caption per id (%s), but there were %s", ids.size(), captions.size());
    for (int i = 0; i < ids.size(); i++) {
      TrainingExample.check(ids.get(i), captions.get(i));
    }
    return new PairDataset(
        ids, captions, null, null, pixels.dup('c'), (int) s[2], ImagePreprocessor.CLIP_MEAN, ImagePreprocessor.CLIP_STD, null, List.of(), null);
  }

  /** Number of pairs. */
  public int size() {
    return ids.size();
  }

  /** The id of pair {@code i}. */
  public String id(int i) {
    return ids.get(i);
  }

  /** All captions, in order. */
  public List<String> captions() {
    return captions;
  }

  /** Height and width of the images' pixels. */
  public int imageSize() {
    return imageSize;
  }

  /** The per-channel mean the pixels were normalised with. */
  public List<Double> mean() {
    return mean;
  }

  /** The per-channel standard deviation the pixels were normalised with. */
  public List<Double> std() {
    return std;
  }

  /** The digest of the retrieved set this dataset was made from, if any. */
  public Optional<String> retrievedSetDigest() {
    return Optional.ofNullable(retrievedSetDigest);
  }

  /**
   * The fingerprint of the model whose embedding space the retrieved set was searched in, if this
   * dataset was made from one. Training another model on it is allowed (retrieval only chose the
   * pairs), but it is rarely what was meant: {@link #retrievedWithOtherModel} tells, and {@code
   * Customizer.fit} logs a warning.
   */
  public Optional<String> retrievalModel() {
    return Optional.ofNullable(retrievalModel);
  }

  /** Whether this dataset comes from a set retrieved with a model other than the one with {@code fingerprint}. */
  public boolean retrievedWithOtherModel(String fingerprint) {
    return retrievalModel != null && !retrievalModel.equals(RetrievedSetInfo.NO_MODEL) && !retrievalModel.equals(fingerprint);
  }

  /** The classes of the retrieved set this dataset was made from (empty otherwise). */
  public List<String> classes() {
    return classes;
  }

  /**
   * The normalised pixels of the pairs at {@code indices}: a new FLOAT array {@code [B, 3, S, S]}.
   *
   * @throws ImageFormatException naming the pair whose image cannot be decoded
   */
  public INDArray pixels(int[] indices) {
    int plane = 3 * imageSize * imageSize;
    float[] out = new float[Math.multiplyExact(indices.length, plane)];
    for (int b = 0; b < indices.length; b++) {
      int i = indices[b];
      checkArgument(i >= 0 && i < ids.size(), "index must be in [0, %s), but was %s", ids.size(), i);
      if (pixels != null) {
        float[] row = pixels.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup('c').data().asFloat();
        System.arraycopy(row, 0, out, b * plane, plane);
      } else {
        try {
          float[] row = preprocessor.preprocess(images.get(i));
          System.arraycopy(row, 0, out, b * plane, plane);
        } catch (ImageFormatException e) {
          throw new ImageFormatException("image of pair '" + ids.get(i) + "' cannot be used: " + e.getMessage(), e);
        }
      }
    }
    return Nd4j.create(out, new long[] {indices.length, 3, imageSize, imageSize}, 'c');
  }

  @Override
  public String toString() {
    return "PairDataset[" + ids.size() + " pairs, " + imageSize + "px" + (retrievedSetDigest != null ? ", retrieved set " + retrievedSetDigest : "") + "]";
  }
}
