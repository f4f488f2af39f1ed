package org.reactvl.index.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.pool.PoolVectors;
import org.reactvl.index.text.CaptionTextIndex;

/**
 * Hybrid retrieval on a pool whose rankings are known by construction. Images: {@code <class>-k} at
 * angle 0.1 + 0.3k from its class's axis ({@link KnnRetrieverTest}), so with minScore 0.5 a class's
 * kNN ranking is its own items k = 0, 1, 2; "mystery" lies on axis 4, which no query reaches. Captions
 * (BM25, shortest matching caption first, equal lengths by id): "dog" finds dog-2 ("dog"), then
 * bird-2 and dog-1 (two words each); "cat" finds cat-1, then cat-0, dog-0, mystery; "bird" finds
 * bird-0, bird-1, then bird-2.
 *
 * <p>Fused scores with rrfK = 60, rank r counting 1/(60 + r): dog-2 1/63 + 1/61, dog-1 1/62 + 1/63,
 * dog-0 1/61, bird-2 1/62 for dog but 1/63 + 1/63 for bird, so bird keeps it.
 */
class HybridRetrieverTest {
  static final List<String> CLASSES = List.of("dog", "cat", "bird");
  static final PromptTemplates NAME_ONLY = new PromptTemplates("name", List.of("{}"));
  static final Map<String, String> CAPTIONS = new LinkedHashMap<>();

  static {
    CAPTIONS.put("dog-0", "a cat on a sofa");
    CAPTIONS.put("dog-1", "dog face");
    CAPTIONS.put("dog-2", "dog");
    CAPTIONS.put("cat-0", "cat face");
    CAPTIONS.put("cat-1", "cat");
    CAPTIONS.put("cat-2", "kitten");
    CAPTIONS.put("bird-0", "bird");
    CAPTIONS.put("bird-1", "bird");
    CAPTIONS.put("bird-2", "bird with a dog");
    CAPTIONS.put("mystery", "a cat sleeping");
  }

  private final AxisEmbedder embedder = new AxisEmbedder("axis-model", CLASSES);
  private final ExactEmbeddingStore images = ExactEmbeddingStore.builder("images", AxisEmbedder.DIMENSION)
      .properties(PoolStores.properties("axis-model", PoolKey.IMAGE)).open();
  private final CaptionTextIndex text = CaptionTextIndex.inMemory();

  HybridRetrieverTest() {
    List<EmbeddingEntry> entries = new ArrayList<>();
    List<ImageTextPair> pairs = new ArrayList<>();
    CAPTIONS.forEach((id, caption) -> {
      ImageTextPair pair = ImageTextPair.of(id, "/pool/" + id + ".png", caption);
      pairs.add(pair);
      float[] vector;
      if (id.equals("mystery")) {
        vector = new float[AxisEmbedder.DIMENSION];
        vector[4] = 1;
      } else {
        String[] parts = id.split("-");
        vector = KnnRetrieverTest.item(CLASSES.indexOf(parts[0]), Integer.parseInt(parts[1]));
      }
      entries.add(new EmbeddingEntry(id, vector, pair.toStoreMetadata()));
    });
    images.upsert(entries);
    text.add(pairs);
  }

  @AfterEach
  void close() {
    images.close();
    text.close();
  }

  private RetrievalRequest.Builder request(int perQuery) {
    return RetrievalRequest.builder(CLASSES).templates(NAME_ONLY).perQuery(perQuery).minScore(0.5f);
  }

  private static List<String> ids(List<RetrievedPair> pairs) {
    return pairs.stream().map(RetrievedPair::id).toList();
  }

  @Test
  void should_fuse_caption_words_and_image_neighbours_by_reciprocal_rank() {
    // when
    RetrievedSet set = HybridRetriever.builder(embedder, text).pool(PoolVectors.images(images)).build().retrieve(request(5).build());

    // then: dog-2 and dog-1, found by both halves, pass dog-0 (kNN's first, but its caption says cat)
    Map<String, List<RetrievedPair>> byClass = set.byClass();
    assertThat(ids(byClass.get("dog"))).containsExactly("dog-2", "dog-1", "dog-0");
    assertThat(byClass.get("dog").get(0).score()).isEqualTo((float) (1.0 / 63 + 1.0 / 61));
    assertThat(byClass.get("dog").get(2).score()).isEqualTo((float) (1.0 / 61));
    // cat-0 (kNN 1st, BM25 2nd) and cat-1 (2nd, 1st) tie at 1/61 + 1/62: by id; mystery, far from every
    // query's vector, is found by its caption alone (1/64); dog-0 (1/63 here) stays with dog (1/61)
    assertThat(ids(byClass.get("cat"))).containsExactly("cat-0", "cat-1", "cat-2", "mystery");
    // bird-2 is claimed by dog (1/62) and bird (2/63): bird scores it higher
    assertThat(ids(byClass.get("bird"))).containsExactly("bird-0", "bird-1", "bird-2");
    assertThat(set.info().retriever()).isEqualTo("hybrid");
  }

  @Test
  void should_keep_only_the_best_fused_hits_of_each_query() {
    RetrievedSet set = HybridRetriever.builder(embedder, text).pool(PoolVectors.images(images)).build().retrieve(request(2).build());

    // dog: kNN [dog-0, dog-1], BM25 [dog-2, bird-2]: 1/61 each for dog-0 and dog-2, 1/62 for dog-1 and bird-2
    assertThat(ids(set.byClass().get("dog"))).containsExactly("dog-0", "dog-2");
    assertThat(ids(set.byClass().get("cat"))).containsExactly("cat-0", "cat-1");
  }

  @Test
  void should_skip_caption_matches_the_searched_store_lacks() {
    try (ExactEmbeddingStore partial = ExactEmbeddingStore.builder("images", AxisEmbedder.DIMENSION)
        .properties(PoolStores.properties("axis-model", PoolKey.IMAGE)).open()) {
      partial.upsert(List.of(images.get("cat-0").orElseThrow(), images.get("cat-1").orElseThrow()));

      RetrievedSet set = HybridRetriever.builder(embedder, text).pool(PoolVectors.images(partial)).build().retrieve(request(5).build());

      assertThat(ids(set.pairs())).containsExactlyInAnyOrder("cat-0", "cat-1");
    }
  }

  @Test
  void should_be_found_by_name_and_need_a_text_index() {
    assertThat(Retrievers.names()).contains("hybrid", "knn");
    RetrieverContext context = RetrieverContext.of(embedder).withImageStore(images);

    assertThatThrownBy(() -> Retrievers.create("hybrid", context)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a caption text index");
    Retriever retriever = Retrievers.create("hybrid", context.withTextIndex(text));
    assertThat(ids(retriever.retrieve(request(5).build()).byClass().get("bird"))).containsExactly("bird-0", "bird-1", "bird-2");
  }

  @Test
  void should_refuse_image_queries_and_a_mode_without_its_store() {
    HybridRetriever retriever = HybridRetriever.builder(embedder, text).pool(PoolVectors.images(images)).build();

    assertThatThrownBy(() -> retriever.retrieve(request(5).mode(RetrievalMode.T2T).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hybrid t2t retrieval searches a caption store, but this retriever was built without one");
    assertThatThrownBy(() -> retriever.retrieve(RetrievalRequest.builder(CLASSES).mode(RetrievalMode.I2I)
        .classEmbeddings(Map.of("dog", List.of(new float[AxisEmbedder.DIMENSION]), "cat", List.of(new float[AxisEmbedder.DIMENSION]),
            "bird", List.of(new float[AxisEmbedder.DIMENSION]))).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its mode must be t2i or t2t, but was i2i");
    assertThatThrownBy(() -> HybridRetriever.builder(embedder, text).rrfK(0)).hasMessage("rrfK must be at least 1, but was 0");
  }
}
