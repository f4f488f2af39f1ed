package org.reactvl.index.solr;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives Solr tests the run's {@link SolrCluster} (as a constructor or method parameter), starting it on
 * first use and stopping it when the test run ends:
 *
 * <pre>{@code
 * @ExtendWith(SolrClusterExtension.class)
 * class SomeSolrTest {
 *   SomeSolrTest(SolrCluster cluster) { ... }
 * }
 * }</pre>
 */
public final class SolrClusterExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SolrCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SolrCluster.of(context);
  }
}
