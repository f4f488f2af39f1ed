package org.reactvl.examples.demo;

import java.util.Arrays;
import java.util.Locale;
import org.reactvl.index.retrieval.HybridRetriever;
import org.reactvl.index.retrieval.KnnRetriever;
import org.reactvl.index.retrieval.RetrievalMode;

/** How the demo's class names search the pool: which registered retriever, in which mode. */
public enum DemoRetrieval {
  /** kNN of the class name's text embedding among the pool's image embeddings (the paper's default). */
  T2I("t2i", KnnRetriever.NAME, RetrievalMode.T2I, "text-to-image: the class name is compared with the pool's images"),
  /** kNN among the pool's caption embeddings; emoji captions name the emoji, so close to string matching. */
  T2T("t2t", KnnRetriever.NAME, RetrievalMode.T2T, "text-to-text: the class name is compared with the pool's captions"),
  /** BM25 over the pool's caption words fused with T2I kNN by reciprocal rank. */
  HYBRID("hybrid", HybridRetriever.NAME, RetrievalMode.T2I,
      "hybrid: BM25 over the pool's caption words fused with text-to-image kNN by reciprocal rank"),
  /** BM25 over the pool's caption words fused with T2T kNN by reciprocal rank. */
  HYBRID_T2T("hybrid-t2t", HybridRetriever.NAME, RetrievalMode.T2T,
      "hybrid-t2t: BM25 over the pool's caption words fused with text-to-text kNN by reciprocal rank");

  private final String label;
  private final String retriever;
  private final RetrievalMode mode;
  private final String description;

  DemoRetrieval(String label, String retriever, RetrievalMode mode, String description) {
    this.label = label;
    this.retriever = retriever;
    this.mode = mode;
    this.description = description;
  }

  /** The command-line and results.json name: t2i, t2t, hybrid or hybrid-t2t. */
  public String label() {
    return label;
  }

  /** The name of the {@link org.reactvl.index.retrieval.Retriever} used. */
  public String retriever() {
    return retriever;
  }

  /** The request's mode: which embeddings the kNN part searches. */
  public RetrievalMode mode() {
    return mode;
  }

  /** One phrase for the report. */
  public String description() {
    return description;
  }

  /**
   * The retrieval with this label, case-insensitively.
   *
   * @throws IllegalArgumentException naming the labels there are
   */
  public static DemoRetrieval parse(String label) {
    String wanted = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.label.equals(wanted)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "retrieval must be one of t2i, t2t, hybrid, hybrid-t2t, but was '" + label + "'"));
  }
}
