package org.reactvl.index.solr;

import java.util.Collection;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.reactvl.index.MetadataFilter;

/**
 * Turns a {@link MetadataFilter} into Solr filter queries ({@code fq}), which the knn query parser
 * applies before the graph search (so a selective filter still yields {@code k} hits):
 *
 * <ul>
 *   <li>{@code eq(K, V)}: {@code fq={!term f=FIELD v=$react.fN}} with parameter {@code react.fN=V};
 *   <li>{@code in(K, {V1, V2})}: {@code fq={!terms f=FIELD separator=$react.sN v=$react.fN}}, the values
 *       joined by a separator that none of them contains;
 *   <li>{@code and(...)}: one {@code fq} per part (Solr intersects them; each is cached on its own).
 * </ul>
 *
 * Values travel as parameters, never inside query syntax, so no value needs escaping. Stateless.
 */
final class SolrFilters {
  /** Separators tried for {@code in} filters, in order: ',' first (readable), then unusual characters. */
  private static final String SEPARATORS = ",\u001f\u001e\u001d\ue000\ue001\ue002\ue003";

  private SolrFilters() {}

  /** Adds {@code filter}'s filter queries and their parameters to {@code params}. */
  static void apply(MetadataFilter filter, ModifiableSolrParams params) {
    add(filter, params, new int[1]);
  }

  private static void add(MetadataFilter filter, ModifiableSolrParams params, int[] counter) {
    switch (filter) {
      case MetadataFilter.Equals eq -> {
        String value = "react.f" + counter[0]++;
        params.add(CommonParams.FQ, "{!term f=" + SolrDocuments.metadataField(eq.field()) + " v=$" + value + "}");
        params.set(value, eq.value());
      }
      case MetadataFilter.In in -> {
        int n = counter[0]++;
        String separator = separator(in.values(), "the values of the 'in' filter on field '" + in.field() + "'");
        params.add(CommonParams.FQ, "{!terms f=" + SolrDocuments.metadataField(in.field()) + " separator=$react.s" + n
            + " v=$react.f" + n + "}");
        params.set("react.s" + n, separator);
        params.set("react.f" + n, String.join(separator, in.values()));
      }
      case MetadataFilter.And and -> and.filters().forEach(f -> add(f, params, counter));
    }
  }

  /** A character that none of {@code values} contains, to join them for Solr's terms parser. */
  static String separator(Collection<String> values, String what) {
    for (char c : SEPARATORS.toCharArray()) {
      String candidate = String.valueOf(c);
      if (values.stream().noneMatch(v -> v.contains(candidate))) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(what + " must leave one of the characters U+002C, U+001F, U+001E, U+001D, "
        + "U+E000-U+E003 unused (Solr's terms parser needs a separator), but contain them all");
  }
}
