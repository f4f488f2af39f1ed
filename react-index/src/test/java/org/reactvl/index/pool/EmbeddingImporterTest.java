package org.reactvl.index.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.io.Npy;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.ExactEmbeddingStore;

class EmbeddingImporterTest {
  private static final String MODEL = "model-x";
  private static final int DIM = 4;

  @TempDir Path tmp;

  /** Shard s, row r holds (s, r, 1, 0) for images and (0, 1, s, r) for captions; ids "s-r". */
  private void writeShard(int shard, int rows) {
    float[] img = new float[rows * DIM];
    float[] txt = new float[rows * DIM];
    List<ImageTextPair> pairs = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      img[r * DIM] = shard;
      img[r * DIM + 1] = r;
      img[r * DIM + 2] = 1;
      txt[r * DIM + 1] = 1;
      txt[r * DIM + 2] = shard;
      txt[r * DIM + 3] = r;
      pairs.add(ImageTextPair.of(shard + "-" + r, "https://example.org/" + shard + "/" + r + ".jpg", "caption " + r));
    }
    Npy.write(tmp.resolve("img_emb/img_emb_" + shard + ".npy"), new long[] {rows, DIM}, img);
    Npy.write(tmp.resolve("text_emb/text_emb_" + shard + ".npy"), new long[] {rows, DIM}, txt);
    PoolManifest.write(tmp.resolve("metadata/metadata_" + shard + ".jsonl"), pairs);
  }

  private static ExactEmbeddingStore store(PoolKey key) {
    return ExactEmbeddingStore.builder(key.label() + "s", DIM).properties(PoolStores.properties(MODEL, key)).open();
  }

  @Test
  void should_import_every_shard_row_by_row_and_skip_what_is_stored() {
    // given two shards
    writeShard(0, 3);
    writeShard(1, 2);
    try (EmbeddingStore images = store(PoolKey.IMAGE); EmbeddingStore captions = store(PoolKey.CAPTION)) {
      EmbeddingImporter importer = EmbeddingImporter.builder(MODEL).pool(PoolVectors.of(images, captions)).batchSize(2)
          .build();

      // when imported twice
      IndexingResult first = importer.importShards(tmp);
      IndexingResult second = importer.importShards(tmp);

      // then row r of shard s is pair "s-r", normalised; the second run adds nothing
      assertThat(first.imagesEmbedded()).isEqualTo(5);
      assertThat(first.captionsEmbedded()).isEqualTo(5);
      assertThat(images.count()).isEqualTo(5);
      float[] v = images.get("1-1").orElseThrow().vector();
      float n = (float) Math.sqrt(3); // (1, 1, 1, 0) / sqrt(3)
      assertThat(v).containsExactly(new float[] {1 / n, 1 / n, 1 / n, 0}, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(ImageTextPair.fromStoreMetadata("0-2", captions.get("0-2").orElseThrow().metadata()).caption())
          .isEqualTo("caption 2");
      assertThat(second.alreadyStored()).isEqualTo(5);
      assertThat(second.imagesEmbedded() + second.captionsEmbedded()).isZero();
    }
  }

  @Test
  void should_import_only_the_rows_of_its_pool_shard() {
    // given: 5 rows in two files, imported by two importers with pool shards 0/2 and 1/2
    writeShard(0, 3);
    writeShard(1, 2);
    try (EmbeddingStore images = store(PoolKey.IMAGE)) {
      // when
      IndexingResult first = EmbeddingImporter.builder(MODEL).pool(PoolVectors.images(images)).batchSize(2)
          .shard(new PoolShard(0, 2)).build().importShards(tmp);
      long afterFirst = images.count();
      IndexingResult second = EmbeddingImporter.builder(MODEL).pool(PoolVectors.images(images)).batchSize(2)
          .shard(new PoolShard(1, 2)).build().importShards(tmp);

      // then: the first stored exactly its shard's ids, the second the rest
      List<String> ids = List.of("0-0", "0-1", "0-2", "1-0", "1-1");
      long inFirst = ids.stream().filter(new PoolShard(0, 2)::contains).count();
      assertThat(afterFirst).isEqualTo(inFirst);
      assertThat(first.imagesEmbedded()).isEqualTo(inFirst);
      assertThat(first.otherShards()).isEqualTo(5 - inFirst);
      assertThat(second.imagesEmbedded()).isEqualTo(5 - inFirst);
      assertThat(images.existingIds(ids)).hasSize(5);
    }
  }

  @Test
  void should_name_a_shard_whose_rows_do_not_match_its_metadata() {
    writeShard(0, 3);
    Npy.write(tmp.resolve("img_emb/img_emb_0.npy"), new long[] {2, DIM}, new float[2 * DIM]);
    try (EmbeddingStore images = store(PoolKey.IMAGE)) {
      EmbeddingImporter importer = EmbeddingImporter.builder(MODEL).pool(PoolVectors.images(images)).build();

      assertThatThrownBy(() -> importer.importShards(tmp))
          .isInstanceOf(ManifestFormatException.class)
          .hasMessageContaining("img_emb_0.npy must have shape (3, 4)")
          .hasMessageContaining("but had (2, 4)");
    }
  }

  @Test
  void should_refuse_stores_of_another_model() {
    try (EmbeddingStore images = store(PoolKey.IMAGE)) {
      assertThatThrownBy(() -> EmbeddingImporter.builder("model-y").pool(PoolVectors.images(images)).build())
          .hasMessageContaining("holds vectors of model model-x, but this model's fingerprint is model-y");
    }
  }
}
