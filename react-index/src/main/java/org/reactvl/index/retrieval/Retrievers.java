package org.reactvl.index.retrieval;

import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds {@link Retriever}s by name among the {@link RetrieverProvider}s on the class path ({@link
 * ServiceLoader}). The built-in {@code knn} is always there. Stateless and thread-safe; providers are
 * looked up on every call, so jars added to a class loader later are seen.
 *
 * <pre>{@code
 * Retriever r = Retrievers.create("knn", RetrieverContext.of(embedder).withImageStore(images));
 * }</pre>
 */
public final class Retrievers {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private Retrievers() {}

  /** Names of the available retrievers, sorted. */
  public static Set<String> names() {
    return providers().keySet();
  }

  /**
   * The provider registered under {@code name}.
   *
   * @throws IllegalArgumentException if there is none, listing the names there are
   */
  public static RetrieverProvider provider(String name) {
    Objects.requireNonNull(name, "retriever name must not be null");
    Map<String, RetrieverProvider> providers = providers();
    RetrieverProvider provider = providers.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("retriever '" + name + "' is not available; available retrievers: "
          + providers.keySet() + " (a retriever is found when a jar on the class path registers its provider in"
          + " META-INF/services/" + RetrieverProvider.class.getName() + ")");
    }
    return provider;
  }

  /** A retriever of the named kind over {@code context}. */
  public static Retriever create(String name, RetrieverContext context) {
    Objects.requireNonNull(context, "context must not be null");
    return provider(name).create(context);
  }

  private static Map<String, RetrieverProvider> providers() {
    Map<String, RetrieverProvider> byName = new TreeMap<>();
    for (RetrieverProvider provider : ServiceLoader.load(RetrieverProvider.class)) {
      String name = provider.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalStateException("retriever provider " + provider.getClass().getName()
            + " must have a name of lower-case letters, digits and dashes, but had '" + name + "'");
      }
      RetrieverProvider previous = byName.putIfAbsent(name, provider);
      if (previous != null && previous.getClass() != provider.getClass()) {
        throw new IllegalStateException("retriever name '" + name + "' must be unique, but is claimed by "
            + previous.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return byName;
  }
}
