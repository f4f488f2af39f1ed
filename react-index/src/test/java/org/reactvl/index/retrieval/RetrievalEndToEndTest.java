package org.reactvl.index.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.PoolIndexer;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolManifest;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.pool.PoolTestData;
import org.reactvl.index.pool.PoolVectors;

/**
 * The real path on the tiny CLIP model: PNG files -> manifest -> PoolIndexer -> Lucene stores ->
 * KnnRetriever -> RetrievedSet file. The tiny model is random, so the right answers are those known by
 * construction: a query identical to a pool item (the same text, the same image file) embeds to the
 * same vector and must come back first with cosine 1.
 */
class RetrievalEndToEndTest {
  @TempDir Path tmp;

  @Test
  void should_index_png_pool_and_retrieve_exact_matches_first() {
    // given a pool of 8 generated images with captions "picture number i", indexed into Lucene stores
    List<ImageTextPair> pool = PoolTestData.pngPool(tmp.resolve("images"), 8);
    Path manifest = tmp.resolve("pool.jsonl");
    PoolManifest.write(manifest, pool);
    ClipEmbedder embedder = PoolTestData.tinyEmbedder();
    int dim = embedder.dimension();
    try (LuceneEmbeddingStore images = PoolStores.openLucene(tmp.resolve("index/images"), PoolKey.IMAGE,
            embedder.fingerprint(), dim, VectorEncoding.INT8);
        LuceneEmbeddingStore captions = PoolStores.openLucene(tmp.resolve("index/captions"), PoolKey.CAPTION,
            embedder.fingerprint(), dim, VectorEncoding.FLOAT32)) {
      PoolIndexer.builder(embedder).pool(PoolVectors.of(images, captions)).batchSize(3).build().index(manifest);
      KnnRetriever retriever = KnnRetriever.builder(embedder).pool(PoolVectors.of(images, captions)).build();
      PromptTemplates bare = new PromptTemplates("bare", List.of("{}"));

      // when the class names are captions of the pool (T2T) and example images are pool files (I2I)
      RetrievedSet t2t = retriever.retrieve(RetrievalRequest.builder(List.of("picture number 2", "picture number 5"))
          .mode(RetrievalMode.T2T).templates(bare).perQuery(1).build());
      RetrievedSet i2i = retriever.retrieve(RetrievalRequest.builder(List.of("six")).mode(RetrievalMode.I2I)
          .classImages(Map.of("six", List.of(Path.of(pool.get(6).image())))).perQuery(3).keepNearDuplicates().build());
      RetrievedSet t2i = retriever.retrieve(RetrievalRequest.builder(List.of("red", "blue"))
          .templates(PromptTemplates.simple()).perQuery(3).perClass(2).keepNearDuplicates().build());

      // then each exact match comes first with cosine 1
      assertThat(t2t.byClass().get("picture number 2")).extracting(RetrievedPair::id).containsExactly("p2");
      assertThat(t2t.byClass().get("picture number 5")).extracting(RetrievedPair::id).containsExactly("p5");
      assertThat(t2t.pairs().get(0).score()).isCloseTo(1f, Offset.offset(1e-4f));
      assertThat(i2i.pairs().get(0).id()).isEqualTo("p6");
      assertThat(i2i.pairs().get(0).score()).isCloseTo(1f, Offset.offset(1e-4f));
      assertThat(i2i.pairs().get(0).pair()).isEqualTo(pool.get(6));
      assertThat(t2i.info().model()).isEqualTo(embedder.fingerprint());
      // (random weights: which pairs "red" and "blue" find is arbitrary, but each pair goes to one class)
      assertThat(t2i.byClass().values()).allSatisfy(pairs -> assertThat(pairs).hasSizeLessThanOrEqualTo(2));
      assertThat(t2i.size()).isBetween(2, 4);
      assertThat(t2i.pairs()).allSatisfy(p -> assertThat(Path.of(p.pair().image())).exists());

      // and the set survives a round trip through its manifest
      Path out = tmp.resolve("retrieved.jsonl");
      t2t.write(out);
      assertThat(Files.exists(out)).isTrue();
      assertThat(RetrievedSet.read(out).digest()).isEqualTo(t2t.digest());
    }
  }
}
