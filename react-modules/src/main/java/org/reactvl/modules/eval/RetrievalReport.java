package org.reactvl.modules.eval;

import java.util.Map;
import java.util.TreeMap;

/**
 * Recall@K of paired image-text retrieval.
 *
 * @param pairs number of pairs
 * @param imageToText recall@K of texts for image queries, by K
 * @param textToImage recall@K of images for text queries, by K
 */
public record RetrievalReport(int pairs, Map<Integer, Interval> imageToText, Map<Integer, Interval> textToImage) {
  public RetrievalReport {
    imageToText = java.util.Collections.unmodifiableMap(new TreeMap<>(imageToText));
    textToImage = java.util.Collections.unmodifiableMap(new TreeMap<>(textToImage));
  }
}
