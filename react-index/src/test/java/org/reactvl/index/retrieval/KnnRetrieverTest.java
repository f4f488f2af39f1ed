package org.reactvl.index.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.MetadataFilter;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.pool.PoolVectors;

/**
 * Class-balanced retrieval on a pool whose right answers are known by construction: item {@code
 * <class>-k} lies at angle {@code 0.1 + 0.3k} from its class's axis (towards axis 3, which no query
 * uses), so each class's queries rank its own items in order k = 0, 1, 2, ... with cosine scores
 * {@code cos(0.1 + 0.3k) / |q|}, |q| = sqrt(1 + 0.05^2): 0.9938, 0.9200, 0.7639, 0.5396, 0.2672.
 * Adjacent items have cosine cos(0.3) = 0.955 with each other: not near-duplicates at 0.98.
 */
class KnnRetrieverTest {
  static final List<String> CLASSES = List.of("dog", "cat", "bird");
  static final PromptTemplates TWO_TEMPLATES = new PromptTemplates("two", List.of("a photo of a {}.", "a drawing of a {}."));

  private final AxisEmbedder embedder = new AxisEmbedder("axis-model", CLASSES);
  private final ExactEmbeddingStore images = store(PoolKey.IMAGE);
  private final ExactEmbeddingStore captions = store(PoolKey.CAPTION);

  private ExactEmbeddingStore store(PoolKey key) {
    return ExactEmbeddingStore.builder(key.label() + "s", AxisEmbedder.DIMENSION)
        .properties(PoolStores.properties("axis-model", key)).open();
  }

  @AfterEach
  void close() {
    images.close();
    captions.close();
  }

  static float[] item(int axis, int k) {
    double theta = 0.1 + 0.3 * k;
    float[] v = new float[AxisEmbedder.DIMENSION];
    v[axis] = (float) Math.cos(theta);
    v[3] = (float) Math.sin(theta);
    return v;
  }

  static EmbeddingEntry entry(String id, float[] vector) {
    return new EmbeddingEntry(id, vector, ImageTextPair.of(id, "/pool/" + id + ".png", "caption of " + id).toStoreMetadata());
  }

  /** Five items per class. */
  private void fillPool() {
    List<EmbeddingEntry> entries = new ArrayList<>();
    for (int c = 0; c < CLASSES.size(); c++) {
      for (int k = 0; k < 5; k++) {
        entries.add(entry(CLASSES.get(c) + "-" + k, item(c, k)));
      }
    }
    images.upsert(entries);
  }

  private KnnRetriever retriever() {
    return KnnRetriever.builder(embedder).pool(PoolVectors.of(images, captions)).build();
  }

  private static List<String> ids(List<RetrievedPair> pairs) {
    return pairs.stream().map(RetrievedPair::id).toList();
  }

  @Test
  void should_retrieve_for_each_class_its_own_items_best_first() {
    fillPool();

    RetrievedSet set = retriever().retrieve(RetrievalRequest.builder(CLASSES).templates(TWO_TEMPLATES).perQuery(3).build());

    assertThat(set.classes()).isEqualTo(CLASSES);
    assertThat(ids(set.byClass().get("dog"))).containsExactly("dog-0", "dog-1", "dog-2");
    assertThat(ids(set.byClass().get("cat"))).containsExactly("cat-0", "cat-1", "cat-2");
    assertThat(ids(set.byClass().get("bird"))).containsExactly("bird-0", "bird-1", "bird-2");
    assertThat(ids(set.pairs())).startsWith("dog-0", "dog-1", "dog-2", "cat-0");
    RetrievedPair best = set.byClass().get("dog").get(0);
    assertThat(best.score()).isCloseTo(0.9938f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThat(best.pair().caption()).isEqualTo("caption of dog-0");
    assertThat(best.pair().image()).isEqualTo("/pool/dog-0.png");
    assertThat(set.info().mode()).isEqualTo(RetrievalMode.T2I);
    assertThat(set.info().model()).isEqualTo("axis-model");
  }

  @Test
  void should_merge_the_hits_of_every_template_keeping_each_query_as_provenance() {
    fillPool();

    RetrievedSet set = retriever().retrieve(RetrievalRequest.builder(CLASSES).templates(TWO_TEMPLATES).perQuery(2).build());

    RetrievedPair dog1 = set.byClass().get("dog").get(1);
    assertThat(dog1.id()).isEqualTo("dog-1");
    assertThat(dog1.matches()).extracting(QueryMatch::text)
        .containsExactlyInAnyOrder("a photo of a dog.", "a drawing of a dog.");
    assertThat(dog1.matches()).extracting(QueryMatch::query).containsExactlyInAnyOrder(0, 1);
    assertThat(dog1.matches()).allSatisfy(m -> assertThat(m.score()).isCloseTo(0.92f, org.assertj.core.data.Offset.offset(1e-3f)));
  }

  @Test
  void should_give_a_pair_found_by_two_classes_to_the_class_that_scores_it_higher() {
    // given "shared" = 0.8 dog + 0.6 cat: dog scores it 0.8/|q|, cat 0.6/|q|
    fillPool();
    float[] shared = new float[AxisEmbedder.DIMENSION];
    shared[0] = 0.8f;
    shared[1] = 0.6f;
    images.upsert(List.of(entry("shared", shared)));

    RetrievedSet all = retriever().retrieve(RetrievalRequest.builder(CLASSES).templates(PromptTemplates.simple()).perQuery(6).build());
    RetrievedSet capped = retriever().retrieve(
        RetrievalRequest.builder(CLASSES).templates(PromptTemplates.simple()).perQuery(6).perClass(2).build());

    // then it is dog's (between dog-2 at 0.76 and dog-1 at 0.92), never cat's, even when dog is full
    assertThat(ids(all.byClass().get("dog"))).containsExactly("dog-0", "dog-1", "shared", "dog-2", "dog-3", "dog-4");
    assertThat(ids(all.byClass().get("cat"))).doesNotContain("shared").hasSize(5);
    assertThat(ids(capped.byClass().get("dog"))).containsExactly("dog-0", "dog-1");
    assertThat(ids(capped.byClass().get("cat"))).containsExactly("cat-0", "cat-1");
  }

  @Test
  void should_drop_near_duplicates_of_better_pairs_of_the_class() {
    // given a copy of dog-0 turned 0.02 rad away (cosine 0.9998 with it) and a variant turned 0.25 rad the
    // other way (cosine 0.969 with dog-0, 0.85 with dog-1); scores: dog-0 .994, copy .992, variant .988, dog-1 .920
    fillPool();
    images.upsert(List.of(entry("dog-0-copy", rotated(0.1 + 0.02)), entry("dog-0-variant", rotated(0.1 - 0.25))));
    RetrievalRequest.Builder request = RetrievalRequest.builder(List.of("dog")).templates(PromptTemplates.simple()).perQuery(4);

    RetrievedSet strict = retriever().retrieve(request.build());
    RetrievedSet loose = retriever().retrieve(request.duplicateThreshold(0.96f).build());
    RetrievedSet all = retriever().retrieve(request.keepNearDuplicates().build());

    assertThat(ids(strict.pairs())).containsExactly("dog-0", "dog-0-variant", "dog-1");
    assertThat(ids(loose.pairs())).containsExactly("dog-0", "dog-1");
    assertThat(ids(all.pairs())).containsExactly("dog-0", "dog-0-copy", "dog-0-variant", "dog-1");
  }

  private static float[] rotated(double theta) {
    float[] v = new float[AxisEmbedder.DIMENSION];
    v[0] = (float) Math.cos(theta);
    v[3] = (float) Math.sin(theta);
    return v;
  }

  @Test
  void should_apply_the_score_floor_and_the_cap_per_class() {
    fillPool();
    RetrievalRequest.Builder request = RetrievalRequest.builder(CLASSES).templates(PromptTemplates.simple()).perQuery(5);

    RetrievedSet floored = retriever().retrieve(request.minScore(0.5f).build());
    RetrievedSet capped = retriever().retrieve(request.minScore(0.5f).perClass(2).build());

    // scores 0.9938, 0.9200, 0.7639, 0.5396 pass 0.5; 0.2672 does not
    assertThat(ids(floored.byClass().get("bird"))).containsExactly("bird-0", "bird-1", "bird-2", "bird-3");
    assertThat(floored.pairs()).allSatisfy(p -> assertThat(p.score()).isGreaterThanOrEqualTo(0.5f));
    assertThat(capped.byClass().values()).allSatisfy(pairs -> assertThat(pairs).hasSize(2));
    assertThat(capped.info().perClass()).isEqualTo(2);
    assertThat(capped.info().minScore()).isEqualTo(0.5f);
  }

  @Test
  void should_retrieve_with_example_embeddings_in_i2i_mode() {
    fillPool();
    float[] catExample = item(1, 0);

    RetrievedSet set = retriever().retrieve(RetrievalRequest.builder(List.of("cat")).mode(RetrievalMode.I2I)
        .classEmbeddings(Map.of("cat", List.of(catExample))).perQuery(2).build());

    assertThat(ids(set.pairs())).containsExactly("cat-0", "cat-1");
    assertThat(set.pairs().get(0).score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(set.pairs().get(0).matches().get(0).text()).isEqualTo("embedding #0");
    assertThat(set.info().templates()).isEmpty();
  }

  @Test
  void should_search_the_caption_store_in_t2t_mode() {
    fillPool();
    captions.upsert(List.of(entry("caption-bird", item(2, 0)), entry("caption-dog", item(0, 0))));

    RetrievedSet set = retriever().retrieve(
        RetrievalRequest.builder(List.of("bird")).mode(RetrievalMode.T2T).templates(PromptTemplates.simple()).perQuery(1).build());

    assertThat(ids(set.pairs())).containsExactly("caption-bird");
  }

  @Test
  void should_restrict_searches_with_a_metadata_filter() {
    fillPool();
    images.upsert(List.of(new EmbeddingEntry("dog-special", item(0, 4),
        ImageTextPair.builder("dog-special", "/x.png", "x").metadata(Map.of("split", "special")).build().toStoreMetadata())));

    RetrievedSet set = retriever().retrieve(RetrievalRequest.builder(List.of("dog")).templates(PromptTemplates.simple())
        .perQuery(3).filter(MetadataFilter.eq("split", "special")).build());

    assertThat(ids(set.pairs())).containsExactly("dog-special");
    assertThat(set.pairs().get(0).pair().metadata()).containsEntry("split", "special");
  }

  @Test
  void should_say_which_store_a_mode_needs_when_it_is_missing() {
    KnnRetriever captionsOnly = KnnRetriever.builder(embedder).pool(PoolVectors.captions(captions)).build();

    assertThatThrownBy(() -> captionsOnly.retrieve(RetrievalRequest.builder(CLASSES).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t2i retrieval searches an image store, but this retriever was built without one");
  }

  @Test
  void should_refuse_stores_of_another_model_naming_both_fingerprints() {
    AxisEmbedder other = new AxisEmbedder("other-model", CLASSES);

    assertThatThrownBy(() -> KnnRetriever.builder(other).pool(PoolVectors.images(images)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("store 'images' holds vectors of model axis-model, but this model's fingerprint is other-model");
  }
}
