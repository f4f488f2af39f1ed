package org.reactvl.examples.host;

import java.util.List;
import java.util.Map;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.index.pool.ImageTextPair;

/**
 * The emoji pool as image-text pairs: the id, the rendered PNG, the CLDR name as the caption, the
 * other human-written captions as alternatives, and the design family and concept as metadata.
 *
 * <pre>{@code
 * List<ImageTextPair> pairs = EmojiPairs.of(EmojiCorpus.builder().build().pool());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class EmojiPairs {
  private EmojiPairs() {}

  /** One pair per image, in order. */
  public static List<ImageTextPair> of(List<EmojiImage> images) {
    return images.stream().map(EmojiPairs::pair).toList();
  }

  private static ImageTextPair pair(EmojiImage image) {
    List<String> captions = image.captions();
    return ImageTextPair.builder(image.id(), image.png().toAbsolutePath().toString(), image.caption())
        .captions(captions.subList(1, captions.size()))
        .metadata(Map.of("family", image.family(), "concept", image.concept()))
        .build();
  }
}
