package org.reactvl.modules.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.retrieval.QueryMatch;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrievedSetInfo;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.index.retrieval.RetrieverProvider;

/**
 * A host application's own retriever, registered through the SPI (test-scope
 * {@code META-INF/services}): a pair belongs to the first class its caption names. Its pairs come
 * from the context as a typed attribute.
 */
public final class CaptionRetrieverProvider implements RetrieverProvider {
  /** The host's pairs. */
  public static final RetrieverContext.Attribute<CaptionPool> POOL = RetrieverContext.Attribute.of("host.captions", CaptionPool.class);

  /** The pairs a {@code host-captions} retriever searches. */
  public record CaptionPool(List<ImageTextPair> pairs) {
    public CaptionPool {
      pairs = List.copyOf(pairs);
    }
  }

  @Override
  public String name() {
    return "host-captions";
  }

  @Override
  public Retriever create(RetrieverContext context) {
    CaptionPool pool = context.require(POOL, name());
    return new Retriever() {
      @Override
      public String name() {
        return "host-captions";
      }

      @Override
      public RetrievedSet retrieve(RetrievalRequest request) {
        if (request.mode() != RetrievalMode.T2T) {
          throw new IllegalArgumentException("retriever 'host-captions' serves T2T requests, but the request is " + request.mode());
        }
        List<RetrievedPair> found = new ArrayList<>();
        for (String className : request.classes()) {
          int kept = 0;
          for (ImageTextPair pair : pool.pairs()) {
            String caption = pair.caption().toLowerCase(Locale.ROOT);
            if (kept < request.perClass() && caption.contains(className) && firstClassNamed(request.classes(), caption).equals(className)) {
              found.add(RetrievedPair.of(pair, className, List.of(new QueryMatch(0, className, 1f))));
              kept++;
            }
          }
        }
        return new RetrievedSet(RetrievedSetInfo.of(name(), RetrievedSetInfo.NO_MODEL, request), found);
      }
    };
  }

  private static String firstClassNamed(List<String> classes, String caption) {
    return classes.stream().filter(caption::contains).findFirst().orElse("");
  }
}
