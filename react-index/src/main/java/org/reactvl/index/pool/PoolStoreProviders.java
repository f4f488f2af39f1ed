package org.reactvl.index.pool;

import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.reactvl.index.EmbeddingStore;

/**
 * Opens pool stores at location URIs through the {@link PoolStoreProvider}s on the class path ({@link
 * ServiceLoader}), chosen by the location's scheme: {@code solr://} and {@code solr+zk://} when
 * {@code react-index-solr} is there. Local Lucene stores need no provider ({@link PoolStores#openLucene}).
 * Stateless and thread-safe; providers are looked up on every call.
 */
public final class PoolStoreProviders {
  private PoolStoreProviders() {}

  /**
   * Opens the store {@code request} describes with the provider of its scheme.
   *
   * @throws IllegalArgumentException if no provider handles the scheme (the schemes there are are
   *     named), or the provider refuses the request
   */
  public static EmbeddingStore open(PoolStoreRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    String scheme = request.scheme();
    Map<String, PoolStoreProvider> providers = providers();
    PoolStoreProvider provider = providers.get(scheme);
    if (provider == null) {
      throw new IllegalArgumentException("store location scheme must be one of " + providers.keySet()
          + ", but was '" + scheme + "' in " + request.location() + " (a scheme is available when a jar on the class"
          + " path registers its provider in META-INF/services/" + PoolStoreProvider.class.getName()
          + "; solr:// and solr+zk:// come with org.reactvl:react-index-solr)");
    }
    return provider.open(request);
  }

  private static Map<String, PoolStoreProvider> providers() {
    Map<String, PoolStoreProvider> byScheme = new TreeMap<>();
    for (PoolStoreProvider provider : ServiceLoader.load(PoolStoreProvider.class)) {
      for (String scheme : provider.schemes()) {
        PoolStoreProvider previous = byScheme.putIfAbsent(scheme, provider);
        if (previous != null && previous.getClass() != provider.getClass()) {
          throw new IllegalStateException("store location scheme '" + scheme + "' must have one provider, but is"
              + " claimed by " + previous.getClass().getName() + " and " + provider.getClass().getName());
        }
      }
    }
    return byScheme;
  }
}
