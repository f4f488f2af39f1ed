package org.reactvl.index.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Retriever} keeps, as tests a retriever author runs by extending this
 * class (it ships in react-index's test-jar): the classes of the request come back in order and
 * only they, at most {@code perClass} pairs each (exactly that many where the pool has enough), no
 * id twice, provenance recorded, a class nothing matches left empty, and an unservable request
 * refused with an {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * class MyRetrieverContractTest extends RetrieverContract {
 *   protected Retriever retriever() { return new MyRetriever(pool); }
 *   protected RetrievalRequest.Builder request(List<String> classes) { return RetrievalRequest.builder(classes).mode(RetrievalMode.T2T); }
 *   protected List<String> classes() { return List.of("dog", "cat"); }      // each with at least 3 matching pairs
 *   protected String classWithoutPairs() { return "zebra"; }
 *   protected RetrievalRequest unservableRequest() { return RetrievalRequest.builder(List.of("dog")).mode(RetrievalMode.T2I).build(); }
 * }
 * }</pre>
 */
public abstract class RetrieverContract {
  /** Pairs asked per class in the tests; {@link #classes()} must each have more in the pool. */
  protected static final int K = 2;

  /** A retriever over a pool in which each of {@link #classes()} has at least {@code K + 1} matching pairs. */
  protected abstract Retriever retriever();

  /** A request builder for {@code classes} in a mode (and with settings) the retriever serves. */
  protected abstract RetrievalRequest.Builder request(List<String> classes);

  /** At least two classes, each with at least {@code K + 1} matching pairs in the pool. */
  protected abstract List<String> classes();

  /** A class for which {@link #request} finds nothing in the pool. */
  protected abstract String classWithoutPairs();

  /** A request this retriever cannot serve (a mode it lacks a store for, say). */
  protected abstract RetrievalRequest unservableRequest();

  @Test
  void should_return_the_request_classes_in_order_and_only_them() {
    RetrievedSet set = retriever().retrieve(request(classes()).perClass(K).build());

    assertThat(set.classes()).containsExactlyElementsOf(classes());
    assertThat(set.byClass().keySet()).containsExactlyElementsOf(classes());
    assertThat(set.pairs()).allSatisfy(p -> assertThat(classes()).contains(p.className()));
  }

  @Test
  void should_keep_k_pairs_per_class_when_the_pool_has_more() {
    RetrievedSet set = retriever().retrieve(request(classes()).perClass(K).build());

    for (String c : classes()) {
      assertThat(set.byClass().get(c)).as("pairs of class '%s'", c).hasSize(K).allSatisfy(p -> assertThat(p.className()).isEqualTo(c));
    }
  }

  @Test
  void should_never_return_an_id_twice() {
    RetrievedSet set = retriever().retrieve(request(classes()).build());

    List<String> ids = new ArrayList<>();
    set.pairs().forEach(p -> ids.add(p.id()));
    Set<String> distinct = new HashSet<>(ids);
    assertThat(distinct).hasSameSizeAs(ids);
  }

  @Test
  void should_record_provenance_and_be_deterministic() {
    Retriever retriever = retriever();
    RetrievalRequest request = request(classes()).perClass(K).build();

    RetrievedSet set = retriever.retrieve(request);

    assertThat(set.info().retriever()).isEqualTo(retriever.name());
    assertThat(set.info().mode()).isEqualTo(request.mode());
    assertThat(set.info().classes()).isEqualTo(request.classes());
    assertThat(set.info().perClass()).isEqualTo(K);
    assertThat(set.pairs()).allSatisfy(p -> {
      assertThat(p.matches()).isNotEmpty();
      assertThat(p.score()).isEqualTo(p.matches().get(0).score());
      assertThat(p.pair().caption()).isNotNull();
    });
    assertThat(set.digest()).matches("[0-9a-f]{64}");
    assertThat(retriever.retrieve(request).digest()).as("digest of the same request again").isEqualTo(set.digest());
  }

  @Test
  void should_leave_a_class_nothing_matches_empty() {
    List<String> withEmpty = new ArrayList<>(classes());
    withEmpty.add(classWithoutPairs());

    RetrievedSet set = retriever().retrieve(request(withEmpty).perClass(K).build());

    assertThat(set.byClass().get(classWithoutPairs())).isEmpty();
    assertThat(set.byClass().get(classes().get(0))).hasSize(K);
  }

  @Test
  void should_refuse_a_request_it_cannot_serve() {
    Retriever retriever = retriever();

    assertThatThrownBy(() -> retriever.retrieve(unservableRequest())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> retriever.retrieve(null)).isInstanceOf(NullPointerException.class);
  }
}
