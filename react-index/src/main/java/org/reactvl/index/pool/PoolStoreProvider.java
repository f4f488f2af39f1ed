package org.reactvl.index.pool;

import java.util.Set;
import org.reactvl.index.EmbeddingStore;

/**
 * Opens pool stores that live at a location URI of the schemes it names, such as SolrCloud's {@code
 * solr://} and {@code solr+zk://} (in artifact {@code react-index-solr}). Providers are found with
 * {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/org.reactvl.index.pool.PoolStoreProvider}, and {@link PoolStoreProviders#open}
 * finds it by the request's scheme. Implementations need a public no-argument constructor and must be
 * thread-safe.
 */
public interface PoolStoreProvider {

  /** The location schemes this provider opens, lower case and without {@code ://}, e.g. {@code solr}. */
  Set<String> schemes();

  /**
   * Opens the store of {@code request.key()} at {@code request.location()}, {@linkplain PoolStores#check
   * checked} against the request's model fingerprint and dimension (a store it creates records them with
   * {@link PoolStores#properties}). The caller closes it.
   *
   * @throws IllegalArgumentException if the location, a setting or the encoding is not valid for this
   *     kind of store, or the store was made by another model, for another key or dimension
   */
  EmbeddingStore open(PoolStoreRequest request);
}
