package org.reactvl.examples.host;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.index.retrieval.RetrieverContract;

/** The examples' user-written keyword retriever keeps the library's {@link RetrieverContract}. */
class KeywordRetrieverContractTest extends RetrieverContract {
  @TempDir Path images;

  @Override
  protected Retriever retriever() {
    return KeywordRetriever.over(HostFixtures.pool(images));
  }

  @Override
  protected RetrievalRequest.Builder request(List<String> classes) {
    return RetrievalRequest.builder(classes).mode(RetrievalMode.T2T);
  }

  @Override
  protected List<String> classes() {
    return List.of("dog", "cat");
  }

  @Override
  protected String classWithoutPairs() {
    return "zebra";
  }

  @Override
  protected RetrievalRequest unservableRequest() {
    return RetrievalRequest.builder(List.of("dog")).mode(RetrievalMode.T2I).build();
  }
}
