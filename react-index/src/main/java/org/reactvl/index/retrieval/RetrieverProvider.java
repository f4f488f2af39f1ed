package org.reactvl.index.retrieval;

/**
 * Service-provider interface: makes a {@link Retriever} findable by name through {@link
 * java.util.ServiceLoader}. Register an implementation (with a public no-argument constructor) in
 * {@code META-INF/services/org.reactvl.index.retrieval.RetrieverProvider}.
 *
 * <pre>{@code
 * public final class HybridRetrieverProvider implements RetrieverProvider {
 *   public String name() { return "hybrid"; }
 *   public Retriever create(RetrieverContext context) { return new HybridRetriever(context); }
 * }
 * }</pre>
 */
public interface RetrieverProvider {

  /** The retriever's name: lower-case letters, digits and dashes, unique among providers. */
  String name();

  /**
   * A retriever over the context's embedder and stores.
   *
   * @throws IllegalArgumentException if the context lacks what this retriever needs
   */
  Retriever create(RetrieverContext context);
}
