package org.reactvl.index.lucene;

import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.reactvl.index.MetadataFilter;

/** Translates {@link MetadataFilter}s into Lucene queries over the store's metadata fields. */
final class LuceneFilters {
  private LuceneFilters() {}

  static Query toQuery(MetadataFilter filter) {
    return switch (filter) {
      case MetadataFilter.Equals eq -> new TermQuery(new Term(StoreFields.metadataField(eq.field()), eq.value()));
      case MetadataFilter.In in -> new TermInSetQuery(StoreFields.metadataField(in.field()),
          in.values().stream().map(BytesRef::new).toList());
      case MetadataFilter.And and -> all(and.filters());
    };
  }

  private static Query all(List<MetadataFilter> filters) {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    for (MetadataFilter f : filters) {
      builder.add(toQuery(f), BooleanClause.Occur.FILTER);
    }
    return builder.build();
  }
}
