package org.reactvl.examples.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.data.TrainingExample;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.Customizer;
import org.reactvl.modules.train.TuningStrategy;

/**
 * Pre-trains a CLIP from scratch on emoji image-text pairs: seeded random weights, then every
 * weight trains with CLIP's contrastive loss (the {@link TuningStrategy#FULL} strategy). Each
 * image appears once per caption it has (CLDR name, name with tags, keywords), so a pass over the
 * data shows every human-written caption.
 *
 * <pre>{@code
 * List<EmojiImage> pool = EmojiCorpus.builder().build().pool();
 * try (ClipModel initial = Pretraining.initial(EmojiClip.small(), 7)) {
 *   CustomizationResult r = Pretraining.customizer(initial, b -> b.steps(600).batchSize(128))
 *       .fit(Pretraining.dataset(pool, EmojiClip.IMAGE_SIZE));
 *   ClipModel trained = Pretraining.trained(r);
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Pretraining {
  private Pretraining() {}

  /** One training pair per caption of every image, preprocessed to {@code imageSize} pixels. */
  public static PairDataset dataset(List<EmojiImage> images, int imageSize) {
    checkArgument(!images.isEmpty(), "the pre-training pool must not be empty");
    List<TrainingExample> examples = new ArrayList<>();
    for (EmojiImage image : images) {
      List<String> captions = image.captions();
      for (int c = 0; c < captions.size(); c++) {
        examples.add(new TrainingExample(image.id() + "#" + c, image.png(), captions.get(c)));
      }
    }
    return PairDataset.of(examples, preprocessor(imageSize));
  }

  /** CLIP's normalisation at {@code size} pixels, the preprocessing the shipped model expects. */
  public static ImagePreprocessor preprocessor(int size) {
    return ImagePreprocessor.builder().size(size).build();
  }

  /** A model of {@code config} with seeded random weights, the starting point of pre-training. */
  public static ClipModel initial(ClipConfig config, long seed) {
    Objects.requireNonNull(config, "config must not be null");
    return ClipModel.of(ClipInitializer.random(config, seed));
  }

  /**
   * A customizer that trains every weight of {@code initial} (FULL), with {@code settings} applied
   * to its builder; the caller owns {@code initial}.
   */
  public static Customizer customizer(ClipModel initial, java.util.function.UnaryOperator<Customizer.Builder> settings) {
    return settings.apply(Customizer.builder(initial).strategy(TuningStrategy.FULL)).build();
  }

  /** The trained model of a FULL run. */
  public static ClipModel trained(CustomizationResult result) {
    return ClipModel.of(result.weights().orElseThrow(
        () -> new IllegalArgumentException("a pre-training result must hold full weights, but the run's strategy was " + result.strategy())));
  }
}
