package org.reactvl.index.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.ImageFormatException;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.text.CaptionTextIndex;
import org.reactvl.index.text.TextHit;

class PoolIndexerTest {
  @TempDir Path tmp;

  private final ClipEmbedder embedder = PoolTestData.tinyEmbedder();

  private ExactEmbeddingStore store(PoolKey key) {
    return ExactEmbeddingStore.builder(key.label() + "s", embedder.dimension())
        .properties(PoolStores.properties(embedder.fingerprint(), key)).open();
  }

  @Test
  void should_embed_images_and_captions_with_their_pairs_as_metadata() {
    // given
    List<ImageTextPair> pool = PoolTestData.pngPool(tmp, 5);
    try (EmbeddingStore images = store(PoolKey.IMAGE); EmbeddingStore captions = store(PoolKey.CAPTION)) {
      // when
      IndexingResult result = PoolIndexer.builder(embedder).pool(PoolVectors.of(images, captions)).batchSize(2).build()
          .index(pool);

      // then
      assertThat(result.pairs()).isEqualTo(5);
      assertThat(result.imagesEmbedded()).isEqualTo(5);
      assertThat(result.captionsEmbedded()).isEqualTo(5);
      assertThat(images.count()).isEqualTo(5);
      assertThat(captions.count()).isEqualTo(5);
      // the stored image vector is the model's own embedding of the file, normalised
      float[] expected = embedder.embedImageFiles(List.of(Path.of(pool.get(3).image())))[0];
      float[] stored = images.get("p3").orElseThrow().vector();
      assertThat(cosine(expected, stored)).isGreaterThan(0.99999);
      assertThat(ImageTextPair.fromStoreMetadata("p3", captions.get("p3").orElseThrow().metadata())).isEqualTo(pool.get(3));
    }
  }

  @Test
  void should_refuse_a_repeated_id_naming_it_and_both_positions() {
    List<ImageTextPair> pool = new ArrayList<>(PoolTestData.pngPool(tmp, 3));
    pool.add(ImageTextPair.of("p1", pool.get(0).image(), "another caption"));
    try (EmbeddingStore images = store(PoolKey.IMAGE)) {
      PoolIndexer indexer = PoolIndexer.builder(embedder).pool(PoolVectors.images(images)).build();

      assertThatThrownBy(() -> indexer.index(pool))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("pair ids must be unique, but pairs 1 and 3 both have id 'p1'");
      assertThat(images.count()).isZero();
    }
  }

  @Test
  void should_add_nothing_when_a_pool_is_indexed_twice() {
    List<ImageTextPair> pool = PoolTestData.pngPool(tmp, 4);
    try (EmbeddingStore images = store(PoolKey.IMAGE); EmbeddingStore captions = store(PoolKey.CAPTION)) {
      PoolIndexer indexer = PoolIndexer.builder(embedder).pool(PoolVectors.of(images, captions)).build();
      indexer.index(pool);

      IndexingResult again = indexer.index(pool);

      assertThat(images.count()).isEqualTo(4);
      assertThat(captions.count()).isEqualTo(4);
      assertThat(again.alreadyStored()).isEqualTo(4);
      assertThat(again.imagesEmbedded()).isZero();
      assertThat(again.captionsEmbedded()).isZero();
    }
  }

  @Test
  void should_index_caption_words_beside_the_vectors_and_resume_a_text_index_filled_part_way() {
    // given: a text index that already holds the first two pairs, an image store that holds none
    List<ImageTextPair> pool = PoolTestData.pngPool(tmp, 5);
    Path folder = tmp.resolve("text");
    try (CaptionTextIndex text = CaptionTextIndex.open(folder)) {
      text.add(pool.subList(0, 2));
    }
    try (EmbeddingStore images = store(PoolKey.IMAGE); CaptionTextIndex text = CaptionTextIndex.open(folder)) {
      // when
      IndexingResult result = PoolIndexer.builder(embedder).pool(PoolVectors.images(images)).textIndex(text).batchSize(2).build().index(pool);

      // then: every pair is in both, and the words of a caption find its pair
      assertThat(result.imagesEmbedded()).isEqualTo(5);
      assertThat(images.count()).isEqualTo(5);
      assertThat(text.count()).isEqualTo(5);
      assertThat(text.search(pool.get(3).caption(), 1)).extracting(TextHit::id).containsExactly("p3");

      // when: indexed again, only the text index given
      IndexingResult again = PoolIndexer.builder(embedder).textIndex(text).build().index(pool);

      // then
      assertThat(again.alreadyStored()).isEqualTo(5);
      assertThat(text.count()).isEqualTo(5);
    }
  }

  @Test
  void should_resume_a_partial_run_on_reopened_lucene_stores() {
    // given a pool manifest, half of which was indexed before the process stopped
    List<ImageTextPair> pool = PoolTestData.pngPool(tmp.resolve("img"), 6);
    Path manifest = tmp.resolve("pool.jsonl");
    PoolManifest.write(manifest, pool);
    Path dir = tmp.resolve("stores");
    try (LuceneEmbeddingStore images = open(dir.resolve("images"), PoolKey.IMAGE)) {
      PoolIndexer.builder(embedder).pool(PoolVectors.images(images)).batchSize(2).build().index(pool.subList(0, 3));
    }

    // when the whole pool is indexed into the reopened store
    List<IndexingProgress> reports = new ArrayList<>();
    IndexingResult result;
    try (LuceneEmbeddingStore images = open(dir.resolve("images"), PoolKey.IMAGE)) {
      result = PoolIndexer.builder(embedder).pool(PoolVectors.images(images)).batchSize(2).listener(reports::add).build().index(manifest);
      assertThat(images.count()).isEqualTo(6);
    }

    // then only the missing half was embedded, and progress reached the total
    assertThat(result.alreadyStored()).isEqualTo(3);
    assertThat(result.imagesEmbedded()).isEqualTo(3);
    assertThat(reports).hasSize(3);
    assertThat(reports.get(2).done()).isEqualTo(6);
    assertThat(reports.get(2).total()).isEqualTo(6);
    assertThat(reports.get(2).fraction()).isEqualTo(1.0);
  }

  @Test
  void should_split_a_pool_between_shards_that_index_into_the_same_stores() {
    // given: a pool of 9 and three indexers, one per shard, sharing the stores (as machines share a collection)
    List<ImageTextPair> pool = PoolTestData.pngPool(tmp, 9);
    try (EmbeddingStore images = store(PoolKey.IMAGE); EmbeddingStore captions = store(PoolKey.CAPTION)) {
      List<IndexingResult> results = new ArrayList<>();
      List<IndexingProgress> lastReports = new ArrayList<>();

      // when
      for (int i = 0; i < 3; i++) {
        List<IndexingProgress> reports = new ArrayList<>();
        results.add(PoolIndexer.builder(embedder).pool(PoolVectors.of(images, captions)).batchSize(4)
            .shard(new PoolShard(i, 3)).listener(reports::add).build().index(pool));
        lastReports.add(reports.get(reports.size() - 1));
      }

      // then: each embedded its own pairs only, together all of them once; every run read the whole pool
      for (int i = 0; i < 3; i++) {
        PoolShard shard = new PoolShard(i, 3);
        long own = pool.stream().filter(p -> shard.contains(p.id())).count();
        assertThat(results.get(i).imagesEmbedded()).as("shard %s", shard).isEqualTo(own);
        assertThat(results.get(i).otherShards()).isEqualTo(9 - own);
        assertThat(results.get(i).pairs()).isEqualTo(9);
        assertThat(lastReports.get(i).done()).isEqualTo(9);
        assertThat(lastReports.get(i).embedded()).isEqualTo(own);
      }
      assertThat(results.stream().mapToLong(IndexingResult::imagesEmbedded).sum()).isEqualTo(9);
      assertThat(images.count()).isEqualTo(9);
      assertThat(captions.count()).isEqualTo(9);
    }
  }

  @Test
  void should_refuse_a_store_made_by_another_model_naming_both_fingerprints() {
    try (EmbeddingStore other = ExactEmbeddingStore.builder("images", embedder.dimension())
        .properties(PoolStores.properties("other-model-fingerprint", PoolKey.IMAGE)).open()) {
      assertThatThrownBy(() -> PoolIndexer.builder(embedder).pool(PoolVectors.images(other)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("store 'images' holds vectors of model other-model-fingerprint")
          .hasMessageContaining("this model's fingerprint is " + embedder.fingerprint());
    }
    PoolStores.openLucene(tmp.resolve("lucene"), PoolKey.IMAGE, "other-model-fingerprint", embedder.dimension(),
        VectorEncoding.FLOAT32).close();
    assertThatThrownBy(() -> open(tmp.resolve("lucene"), PoolKey.IMAGE))
        .hasMessageContaining("other-model-fingerprint").hasMessageContaining(embedder.fingerprint());
  }

  @Test
  void should_fail_on_a_corrupt_image_naming_the_pair_and_file() throws IOException {
    List<ImageTextPair> pool = new ArrayList<>(PoolTestData.pngPool(tmp, 2));
    Path broken = tmp.resolve("broken.png");
    Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    pool.add(ImageTextPair.of("bad", broken.toString(), "broken"));
    try (EmbeddingStore images = store(PoolKey.IMAGE)) {
      PoolIndexer indexer = PoolIndexer.builder(embedder).pool(PoolVectors.images(images)).build();

      assertThatThrownBy(() -> indexer.index(pool))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageStartingWith("image of pair 'bad' cannot be read: ")
          .hasMessageContaining(broken.toString())
          .hasMessageEndingWith("(set skipBadImages to skip such pairs)");
    }
  }

  @Test
  void should_skip_and_count_unreadable_images_when_asked() {
    List<ImageTextPair> pool = new ArrayList<>(PoolTestData.pngPool(tmp, 3));
    pool.add(1, ImageTextPair.of("missing", tmp.resolve("nope.png").toString(), "gone"));
    pool.add(ImageTextPair.of("remote", "https://example.org/x.jpg", "remote"));
    try (EmbeddingStore images = store(PoolKey.IMAGE); EmbeddingStore captions = store(PoolKey.CAPTION)) {
      IndexingResult result = PoolIndexer.builder(embedder).pool(PoolVectors.of(images, captions)).skipBadImages(true)
          .build().index(pool);

      assertThat(result.badImages()).isEqualTo(2);
      assertThat(result.badImageIds()).containsExactly("missing", "remote");
      assertThat(images.count()).isEqualTo(3);
      assertThat(captions.count()).isEqualTo(3);
      assertThat(captions.contains("missing")).isFalse();
    }
  }

  private LuceneEmbeddingStore open(Path folder, PoolKey key) {
    return PoolStores.openLucene(folder, key, embedder.fingerprint(), embedder.dimension(), VectorEncoding.FLOAT32);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
