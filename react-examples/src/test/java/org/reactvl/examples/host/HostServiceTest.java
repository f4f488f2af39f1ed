package org.reactvl.examples.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.ImageFormatException;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.zeroshot.ZeroShotClassifier;
import org.reactvl.examples.model.DomainEvaluation;
import org.reactvl.examples.model.Pretraining;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.modules.artifact.ModuleArtifact;

/** The service over a tiny random-weight model, with modules trained in a few steps on a synthetic pool. */
class HostServiceTest {
  private static final List<String> PETS = List.of("dog", "cat", "fish");
  private static final List<String> FRUIT = List.of("apple", "banana");

  @TempDir static Path work;

  private static ClipModel base;
  private static DomainModuleTrainer trainer;
  private static List<Path> images;
  private static float[] baseFeaturesBefore;
  private static String fingerprintBefore;
  private static DomainClassifierService service;

  @BeforeAll
  static void startTheService() {
    base = HostFixtures.tinyModel(7);
    images = List.of(
        HostFixtures.drawing(work.resolve("queries"), "q-dog", "dog", 101),
        HostFixtures.drawing(work.resolve("queries"), "q-cat", "cat", 102),
        HostFixtures.drawing(work.resolve("queries"), "q-apple", "apple", 103));
    baseFeaturesBefore = baseFeatures();
    fingerprintBefore = base.fingerprint();
    trainer = DomainModuleTrainer.builder(KeywordRetriever.over(HostFixtures.pool(work.resolve("pool"))), Pretraining.preprocessor(32))
        .settings(c -> c.pairsPerClass(3).steps(3).batchSize(4).learningRate(1e-2)).workDirectory(work).build();
    service = DomainClassifierService.builder(base)
        .modules(work.resolve("modules"))
        .domain("pets", PETS)
        .domain("fruit", FRUIT)
        .trainer(trainer)
        .build();
  }

  @AfterAll
  static void stop() {
    service.close();
    base.close();
  }

  private static float[] baseFeatures() {
    float[] pixels = Pretraining.preprocessor(32).preprocessBatch(images);
    return base.encodeImages(Nd4j.create(pixels, new long[] {images.size(), 3, 32, 32}, 'c')).data().asFloat();
  }

  private static DomainClassifierService fromFolder(ClipModel model, String domain, List<String> classes) {
    return DomainClassifierService.builder(model).modules(work.resolve("modules")).domain(domain, classes).build();
  }

  @Test
  void should_classify_with_the_domain_module_and_differ_from_the_base_model() {
    // given: the base model's zero-shot probabilities for the same classes and prompts
    ZeroShotClassifier zeroShot = ZeroShotClassifier.build(base, ClipTokenizer.load(), PETS, DomainEvaluation.EMOJI_PROMPTS);
    INDArray pixels = Nd4j.create(Pretraining.preprocessor(32).preprocess(images.get(0)), new long[] {1, 3, 32, 32}, 'c');
    Map<String, Float> withoutModule = new LinkedHashMap<>();
    zeroShot.classify(base.encodeImages(pixels), 3).get(0).forEach(p -> withoutModule.put(p.label(), p.probability()));

    // when
    Classification c = service.classify("pets", images.get(0), 3);

    // then: all classes ranked, probabilities descending, and the module moved them
    assertThat(c.domain()).isEqualTo("pets");
    assertThat(c.predictions()).extracting(ZeroShotClassifier.Prediction::label).containsExactlyInAnyOrderElementsOf(PETS);
    assertThat(c.predictions()).extracting(ZeroShotClassifier.Prediction::probability).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    float largestChange = 0;
    for (var p : c.predictions()) {
      largestChange = Math.max(largestChange, Math.abs(p.probability() - withoutModule.get(p.label())));
    }
    assertThat(largestChange).isGreaterThan(1e-4f);
    assertThat(service.classify("pets", images.get(0), 1).predictions()).containsExactly(c.best());
  }

  @Test
  void should_leave_the_base_model_bit_identical() {
    // given: modules trained and requests served in both domains
    images.forEach(image -> service.domains().forEach(d -> service.classify(d, image, 2)));

    // when
    float[] after = baseFeatures();

    // then
    assertThat(after).containsExactly(baseFeaturesBefore);
    assertThat(new ClipWeights(base.config(), base.weights().all()).fingerprint()).isEqualTo(fingerprintBefore);
    assertThat(base.module()).isEmpty();
  }

  @Test
  void should_attach_each_module_once_over_the_shared_base_weights() {
    // when
    ClipModel pets = service.model("pets");

    // then: one view per domain, reused by every request, holding the base's weight arrays
    assertThat(service.model("pets")).isSameAs(pets);
    assertThat(pets.weights()).isSameAs(base.weights());
    assertThat(service.model("fruit").weights()).isSameAs(base.weights());
    assertThat(pets.module()).isPresent();
    assertThat(service.model("fruit")).isNotSameAs(pets);
  }

  @Test
  void should_keep_a_separate_module_per_domain() {
    // then: each domain's module was retrieved for its own classes, written to its own folder
    assertThat(service.domains()).containsExactly("pets", "fruit");
    assertThat(service.module("pets").classes()).isEqualTo(PETS);
    assertThat(service.module("fruit").classes()).isEqualTo(FRUIT);
    assertThat(service.module("pets").retrievedSetDigest()).isNotEqualTo(service.module("fruit").retrievedSetDigest());
    assertThat(service.module("pets").baseFingerprint()).isEqualTo(base.fingerprint());
    assertThat(work.resolve("modules/pets/module.json")).isRegularFile();
    assertThat(work.resolve("modules/fruit/module.json")).isRegularFile();
    var petsGated = service.model("pets").module().orElseThrow();
    var fruitGated = service.model("fruit").module().orElseThrow();
    assertThat(petsGated.alphas().get(petsGated.layers().first())).isNotEqualTo(fruitGated.alphas().get(fruitGated.layers().first()));
    assertThat(service.classNames("fruit")).isEqualTo(FRUIT);
  }

  @Test
  void should_load_the_written_modules_on_the_next_start_without_training() {
    // given: a second start with no trainer
    try (DomainClassifierService again = DomainClassifierService.builder(base)
        .modules(work.resolve("modules")).domain("pets", PETS).domain("fruit", FRUIT).build()) {
      // then: the same answers
      for (Path image : images) {
        assertThat(again.classify("pets", image, 3)).isEqualTo(service.classify("pets", image, 3));
        assertThat(again.classify("fruit", image, 2)).isEqualTo(service.classify("fruit", image, 2));
      }
    }
  }

  @Test
  void should_answer_concurrent_requests_as_it_answers_sequential_ones() throws Exception {
    // given
    record Request(String domain, Path image) {}
    List<Request> requests = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (Path image : images) {
        requests.add(new Request("pets", image));
        requests.add(new Request("fruit", image));
      }
    }
    List<Classification> sequential = requests.stream().map(r -> service.classify(r.domain(), r.image(), 3)).toList();

    // when: the same requests from 4 threads at once
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Classification>> futures = new ArrayList<>();
      for (Request r : requests) {
        futures.add(pool.submit(() -> service.classify(r.domain(), r.image(), 3)));
      }
      // then
      for (int i = 0; i < requests.size(); i++) {
        assertThat(futures.get(i).get()).as("request %s", i).isEqualTo(sequential.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_reject_unknown_domains_bad_top_k_and_bad_images() throws Exception {
    // given
    Path corrupt = Files.write(work.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});

    // then
    assertThatThrownBy(() -> service.classify("plants", images.get(0), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domain must be one of [pets, fruit], but was 'plants'");
    assertThatThrownBy(() -> service.classify("pets", images.get(0), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topK must be positive, but was 0");
    assertThatThrownBy(() -> service.classify("pets", corrupt, 3))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining(corrupt.toString());
    assertThatThrownBy(() -> service.classify("pets", work.resolve("missing.png"), 3))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage("image file '" + work.resolve("missing.png") + "' does not exist");
  }

  @Test
  void should_refuse_requests_after_close_and_leave_the_base_open() {
    // given
    DomainClassifierService closing = fromFolder(base, "pets", PETS);
    ClipModel view = closing.model("pets");

    // when
    closing.close();
    closing.close();

    // then
    assertThatThrownBy(() -> closing.classify("pets", images.get(0), 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("domain classifier service is closed");
    assertThatThrownBy(() -> view.encodeImages(Nd4j.zeros(1, 3, 32, 32))).isInstanceOf(IllegalStateException.class);
    assertThat(baseFeatures()).containsExactly(baseFeaturesBefore);
  }

  @Test
  void should_fail_clearly_when_a_module_is_missing_or_does_not_fit() throws Exception {
    Path modules = work.resolve("modules");
    assertThatThrownBy(() -> fromFolder(base, "plants", List.of("fern")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domain 'plants' must have a module in '" + modules.resolve("plants")
            + "', but that folder does not exist; add a trainer to build missing modules");
    assertThatThrownBy(() -> fromFolder(base, "pets", List.of("dog", "cat")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("module '" + modules.resolve("pets") + "' must have been trained for the classes of domain 'pets' [dog, cat],"
            + " but was trained for [dog, cat, fish]");
    try (ClipModel other = HostFixtures.tinyModel(8)) {
      assertThatThrownBy(() -> fromFolder(other, "pets", PETS))
          .isInstanceOf(BackboneMismatchException.class)
          .hasMessageContaining("module '" + modules.resolve("pets") + "' was trained for the base model with fingerprint " + base.fingerprint());
    }
    Files.createDirectories(modules.resolve("broken"));
    Files.writeString(modules.resolve("broken").resolve(ModuleArtifact.METADATA_FILE), "{not json");
    assertThatThrownBy(() -> fromFolder(base, "broken", PETS))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("cannot read '" + modules.resolve("broken").resolve(ModuleArtifact.METADATA_FILE) + "'");
    assertThatThrownBy(() -> DomainClassifierService.builder(base).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a domain classifier service needs at least one domain, but none was added");
    assertThatThrownBy(() -> DomainClassifierService.builder(base).domain("Pets!", PETS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domain id must be lower-case letters, digits and dashes, but was 'Pets!'");
  }

  @Test
  void should_say_which_classes_retrieval_found_nothing_for() {
    assertThatThrownBy(() -> trainer.train(base, "vehicles", List.of("bus", "tram")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domain 'vehicles': retriever 'keyword' must find at least 2 pairs to train on, but found 0;"
            + " classes without pairs: [bus, tram]");
  }
}
