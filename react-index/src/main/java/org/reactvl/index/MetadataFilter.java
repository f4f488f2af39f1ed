package org.reactvl.index;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A condition on an entry's metadata that restricts a search: a field equals a value, a field is one of
 * a set of values, or all of several conditions hold. An entry lacking the field never matches.
 *
 * <p>Stores translate filters into their own query language (Lucene term queries, Solr filter
 * queries); {@link #test(Map)} is the reference semantics. Immutable and thread-safe.
 *
 * <pre>{@code
 * var filter = MetadataFilter.and(MetadataFilter.eq("split", "train"), MetadataFilter.in("lang", Set.of("en", "de")));
 * }</pre>
 */
public sealed interface MetadataFilter {

  /** Whether an entry with this metadata passes the filter. */
  boolean test(Map<String, String> metadata);

  /** Field {@code field} equals {@code value}. */
  static MetadataFilter eq(String field, String value) {
    return new Equals(field, value);
  }

  /** Field {@code field} equals one of {@code values} (at least one). */
  static MetadataFilter in(String field, Set<String> values) {
    return new In(field, values);
  }

  /** All of {@code filters} hold (at least one). */
  static MetadataFilter and(MetadataFilter... filters) {
    return new And(Arrays.asList(filters));
  }

  /** Field {@code field} equals {@code value}. */
  record Equals(String field, String value) implements MetadataFilter {
    public Equals {
      checkField(field);
      Objects.requireNonNull(value, () -> "filter value for field '" + field + "' must not be null");
    }

    @Override
    public boolean test(Map<String, String> metadata) {
      return value.equals(metadata.get(field));
    }
  }

  /** Field {@code field} equals one of {@code values}. */
  record In(String field, Set<String> values) implements MetadataFilter {
    public In {
      checkField(field);
      Objects.requireNonNull(values, () -> "filter values for field '" + field + "' must not be null");
      if (values.isEmpty()) {
        throw new IllegalArgumentException(
            "filter values for field '" + field + "' must not be empty (it would match nothing)");
      }
      values = Set.copyOf(values);
    }

    @Override
    public boolean test(Map<String, String> metadata) {
      String actual = metadata.get(field);
      return actual != null && values.contains(actual);
    }
  }

  /** Every one of {@code filters} holds. */
  record And(List<MetadataFilter> filters) implements MetadataFilter {
    public And {
      Objects.requireNonNull(filters, "filters must not be null");
      if (filters.isEmpty()) {
        throw new IllegalArgumentException("an AND filter must combine at least one filter, but was empty");
      }
      filters = List.copyOf(filters);
    }

    @Override
    public boolean test(Map<String, String> metadata) {
      for (MetadataFilter f : filters) {
        if (!f.test(metadata)) {
          return false;
        }
      }
      return true;
    }
  }

  private static void checkField(String field) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException(
          "filter field must be non-blank, but was " + (field == null ? "null" : "'" + field + "'"));
    }
  }
}
