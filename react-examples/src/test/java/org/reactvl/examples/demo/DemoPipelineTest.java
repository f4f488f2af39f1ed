package org.reactvl.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiCorpus;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.examples.model.DefaultModel;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.train.TuningStrategy;

/**
 * The whole demo on a tiny slice: four animal classes, 48 twemoji pool images, the Fluent
 * high-contrast test images, the Streamline validation images, the shipped model, hybrid retrieval,
 * two seeds and three training steps per run. Checks that every stage hands the next what it needs;
 * the figures themselves are not asserted.
 *
 * <p>The shipped model rather than random weights: a randomly initialised text tower embeds every
 * class name alike, so one class would claim every pool image and the others retrieve nothing.
 */
class DemoPipelineTest {
  private static final List<String> POOL_FAMILIES = List.of("twemoji");
  private static final long SEED = 5;

  @TempDir static Path dir;

  private static DemoSettings.Builder slice(Path out) {
    return DemoSettings.builder(out).domains(List.of(Domain.ANIMALS_47)).classLimit(4)
        .poolFamilies(POOL_FAMILIES).testFamilies(List.of("fluent-emoji-high-contrast")).poolLimit(48)
        .perClass(6).epochs(1).batchSize(8).seed(SEED).seeds(2).retrieval(DemoRetrieval.HYBRID).bootstrapResamples(100)
        .galleryPerClass(3);
  }

  @Test
  void should_run_every_stage_on_a_tiny_slice_and_hand_each_the_next_what_it_needs() throws IOException {
    // given
    Path out = dir.resolve("out");
    RecordingProgress progress = new RecordingProgress();
    List<EmojiImage> pool = DemoPipeline.slicePool(EmojiCorpus.builder().families(POOL_FAMILIES).build().pool(), slice(out).build());
    Set<String> poolIds = pool.stream().map(EmojiImage::id).collect(Collectors.toSet());

    // when
    DemoResult result = DemoPipeline.run(slice(out).build(), progress);

    // then: the index holds the sampled pool
    assertThat(result.index().pairs()).isEqualTo(48);
    assertThat(result.index().embedded()).isEqualTo(48);
    assertThat(result.index().folder()).isDirectory().startsWith(out.resolve("index"));

    // then: every class retrieved pool pairs, at most 6, written as a readable manifest
    DomainResult animals = result.domains().get(0);
    assertThat(animals.classes()).containsExactly("dog", "cat", "mouse", "rabbit");
    assertThat(animals.retrieved().byClass()).allSatisfy((cls, pairs) -> assertThat(pairs).as(cls).isNotEmpty().hasSizeLessThanOrEqualTo(6));
    assertThat(animals.retrieved().pairs()).extracting(RetrievedPair::id).allMatch(poolIds::contains).doesNotHaveDuplicates();
    assertThat(RetrievedSet.read(animals.retrievedFile()).digest()).isEqualTo(animals.retrieved().digest());
    assertThat(animals.retrieved().info().retriever()).isEqualTo("hybrid");
    assertThat(animals.retrieval()).extracting(DomainResult.ClassRetrieval::pairs)
        .containsExactlyElementsOf(animals.retrieved().byClass().values().stream().map(List::size).toList());

    // then: each trained arm trained on as many pairs as were retrieved (the oracle on at most as many, all on target),
    // once per seed, and its modules read back
    assertThat(animals.arms()).extracting(ArmResult::arm).containsExactly(DemoArm.values());
    ArmResult oracle = animals.arm(DemoArm.ORACLE_GATED);
    assertThat(oracle.pairs()).isPositive().isLessThanOrEqualTo(animals.retrieved().size());
    assertThat(oracle.precision()).isEqualTo(1.0);
    assertThat(oracle.perClass()).extracting(DomainResult.ClassRetrieval::className).containsExactly("dog", "cat", "mouse", "rabbit");
    assertThat(animals.arm(DemoArm.REACT_GATED).perClass()).extracting(DomainResult.ClassRetrieval::onTarget)
        .containsExactlyElementsOf(animals.retrieval().stream().map(DomainResult.ClassRetrieval::onTarget).toList());
    assertThat(animals.arm(DemoArm.RANDOM_GATED).perClass()).isEmpty();
    try (ClipModel base = DefaultModel.load()) {
      for (DemoArm arm : List.of(DemoArm.REACT_GATED, DemoArm.RANDOM_GATED, DemoArm.LOCKED_TEXT, DemoArm.ORACLE_GATED)) {
        ArmResult a = animals.arm(arm);
        assertThat(a.test().runs()).as(arm.id()).hasSize(2);
        assertThat(out.resolve("modules").resolve("animals-47-" + arm.id() + "-seed-" + (SEED + 1))).isDirectory();
        if (arm == DemoArm.ORACLE_GATED) {
          continue;
        }
        assertThat(a.pairs()).as(arm.id()).isEqualTo(animals.retrieved().size());
        assertThat(a.training().orElseThrow().stepsDone()).as(arm.id()).isEqualTo(animals.retrieved().size() / 8);
        Path folder = a.module().orElseThrow();
        assertThat(folder).isEqualTo(out.resolve("modules").resolve("animals-47-" + arm.id()));
        ModuleArtifact artifact = ModuleArtifact.read(folder, base);
        assertThat(artifact.metadata().strategy()).isEqualTo(arm.strategy().orElseThrow());
        assertThat(artifact.metadata().metrics()).containsKeys("zeroshot.top1", "zeroshot.top5");
        if (arm.trainsOnRetrieved()) {
          assertThat(artifact.metadata().retrievedSetDigest()).contains(animals.retrieved().digest());
        }
      }
      assertThat(ModuleArtifact.read(animals.arm(DemoArm.REACT_GATED).module().orElseThrow(), base).module().orElseThrow().layers())
          .containsExactly(2, 3);
    }
    assertThat(animals.arm(DemoArm.LOCKED_TEXT).module().orElseThrow().resolve(ModuleArtifact.MODEL_FOLDER)).isDirectory();
    assertThat(animals.arm(DemoArm.RANDOM_GATED).training()).isPresent();
    assertThat(DemoArm.LOCKED_TEXT.strategy()).hasValue(TuningStrategy.LOCKED_TEXT);

    // then: every arm was evaluated on the same test and validation images, per class, and compared pairwise
    assertThat(animals.validationImages()).isPositive();
    for (ArmResult a : animals.arms()) {
      assertThat(a.zeroShot().images()).as(a.arm().id()).isEqualTo(animals.testImages()).isPositive();
      assertThat(a.zeroShot().perClass()).extracting(c -> c.className()).containsExactly("dog", "cat", "mouse", "rabbit");
      assertThat(a.validation().orElseThrow().first().images()).isEqualTo(animals.validationImages());
    }
    DomainResult.Comparison reactVsBase = animals.versus(DemoArm.REACT_GATED, DemoArm.BASE);
    assertThat(reactVsBase.test().estimate()).isCloseTo(animals.top1Delta(DemoArm.REACT_GATED), within(1e-9));
    assertThat(reactVsBase.validation()).isPresent();

    // then: results.json holds the figures, settings and provenance
    JsonNode json = new ObjectMapper().readTree(result.resultsFile().toFile());
    assertThat(json.path("format").asText()).isEqualTo(ResultsJson.FORMAT);
    assertThat(json.path("settings").path("per_class").asInt()).isEqualTo(6);
    assertThat(json.path("model").path("fingerprint").asText()).hasSize(64);
    assertThat(json.path("model").path("provenance").path("command").asText()).startsWith("react pretrain");
    assertThat(json.path("index").path("pairs").asLong()).isEqualTo(48);
    JsonNode domain = json.path("domains").get(0);
    assertThat(domain.path("retrieval").path("per_class")).hasSize(4);
    assertThat(domain.path("arms").fieldNames()).toIterable()
        .containsExactly("base", "react-gated", "random-gated", "locked-text", "oracle-gated");
    assertThat(domain.path("arms").path("react-gated").path("seeds").path("top1")).hasSize(2);
    assertThat(domain.path("arms").path("react-gated").path("validation").path("top1").has("lower")).isTrue();
    assertThat(domain.path("arms").path("oracle-gated").path("precision").asDouble()).isEqualTo(1.0);
    assertThat(domain.path("comparisons")).hasSize(6);
    assertThat(domain.path("arms").path("base").path("top1").path("estimate").asDouble())
        .isEqualTo(animals.arm(DemoArm.BASE).zeroShot().top1().estimate());
    assertThat(domain.path("arms").path("react-gated").path("training").path("loss_curve")).hasSize(animals.retrieved().size() / 8);
    assertThat(domain.path("verdict").path("react_minus_base").has("upper")).isTrue();
    assertThat(domain.path("verdict").has("react_above_random")).isTrue();
    assertThat(domain.path("seconds").has("react-gated train")).isTrue();
    assertThat(json.path("credits").get(0).asText()).contains("Twitter");

    // then: the report's every image exists, the charts and the gallery among them
    String html = Files.readString(result.reportFile());
    List<String> sources = sources(html);
    assertThat(sources).contains("report/animals-47-per-class.png", "report/animals-47-loss.png");
    assertThat(sources).filteredOn(s -> s.startsWith("report/images/")).hasSizeBetween(4, 12);
    assertThat(sources).allSatisfy(s -> assertThat(out.resolve(s)).isRegularFile());
    assertThat(html).contains(HtmlReport.esc(ResultsTable.verdict(animals)));

    // then: the long steps were shown as tasks, and each was closed
    assertThat(progress.tasks).contains("index pool images", "animals-47 react-gated: train", "animals-47 locked-text: train");
    assertThat(progress.open).isZero();
    assertThat(ResultsTable.format(result)).contains("REACT gated", "random pairs gated", "locked-text", "oracle gated", "animals-47:");
  }

  @Test
  void should_reuse_the_index_of_the_same_model_and_pool_and_replace_that_of_another_pool() {
    // given
    Path root = dir.resolve("reuse-index");
    List<EmojiImage> pool = EmojiCorpus.builder().families(POOL_FAMILIES).build().pool();
    try (ClipModel base = DefaultModel.load()) {
      Path first;
      try (PoolIndex index = PoolIndex.open(root, base, pool.subList(0, 10), false, DemoProgress.none())) {
        first = index.folder();
        assertThat(index.indexing().imagesEmbedded()).isEqualTo(10);
      }

      // when: the same pool again
      try (PoolIndex again = PoolIndex.open(root, base, pool.subList(0, 10), false, DemoProgress.none())) {
        // then: nothing is embedded
        assertThat(again.folder()).isEqualTo(first);
        assertThat(again.indexing().imagesEmbedded()).isZero();
        assertThat(again.count()).isEqualTo(10);
      }

      // when: another pool, with captions for T2T
      try (PoolIndex other = PoolIndex.open(root, base, pool.subList(10, 15), true, DemoProgress.none())) {
        // then: new stores, and the stale one is gone
        assertThat(other.folder()).isNotEqualTo(first);
        assertThat(other.count()).isEqualTo(5);
        assertThat(other.indexing().captionsEmbedded()).isEqualTo(5);
        assertThat(first).doesNotExist();
        assertThat(root.resolve(other.folder().getFileName().toString().replace("images-", "captions-"))).isDirectory();
      }
    }
  }

  private static List<String> sources(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("src=\"([^\"]+)\"").matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Records task names and how many are still open. */
  private static final class RecordingProgress implements DemoProgress {
    final List<String> tasks = new ArrayList<>();
    int open;

    @Override
    public void stage(String text) {}

    @Override
    public Task task(String name, long total, String unit) {
      tasks.add(name);
      open++;
      return new Task() {
        private boolean closed;

        @Override
        public void stepTo(long done) {}

        @Override
        public void message(String text) {}

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            open--;
          }
        }
      };
    }
  }
}
