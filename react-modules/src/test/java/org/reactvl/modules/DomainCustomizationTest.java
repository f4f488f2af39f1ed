package org.reactvl.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.host.CaptionRetrieverProvider;
import org.reactvl.modules.train.TrainingProgress;

class DomainCustomizationTest {
  @TempDir static Path pool;
  private static ClipModel base;
  private static Retriever retriever;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws IOException {
    base = TinyClip.random(3);
    List<ImageTextPair> pairs = ColourPairs.write(pool, 8, 16);
    retriever = new CaptionRetrieverProvider().create(RetrieverContext.of(ClipEmbedder.of(base, ClipTokenizer.load()))
        .with(CaptionRetrieverProvider.POOL, new CaptionRetrieverProvider.CaptionPool(pairs)));
  }

  @AfterAll
  static void close() {
    base.close();
  }

  private static DomainCustomization.Builder colours(List<String> classes) {
    return DomainCustomization.builder(base, retriever).classes(classes).retrievalMode(RetrievalMode.T2T).pairsPerClass(4).steps(3).batchSize(4)
        .learningRate(1e-2);
  }

  private static float[] tensors(ModuleArtifact artifact) {
    GatedModule m = artifact.module().orElseThrow();
    return m.tensors().values().stream().map(a -> a.data().asFloat()).reduce(new float[0], (a, b) -> {
      float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, c, a.length, b.length);
      return c;
    });
  }

  @Test
  void should_stop_when_asked_and_resume_to_the_module_of_an_uninterrupted_run() {
    // given a listener that stops the run after its first step, and one that counts retrievals
    AtomicInteger retrievals = new AtomicInteger();
    CustomizationListener stopAfterOne = new CustomizationListener() {
      private int steps;

      @Override
      public void onRetrievalStarted(String name, int classes) {
        retrievals.incrementAndGet();
      }

      @Override
      public void onStep(TrainingProgress progress) {
        steps++;
      }

      @Override
      public boolean stopRequested() {
        return steps >= 1;
      }
    };
    CustomizationListener counting = new CustomizationListener() {
      @Override
      public void onRetrievalStarted(String name, int classes) {
        retrievals.incrementAndGet();
      }
    };
    Path work = tmp.resolve("work");

    // when stopped, then run again with the same work folder
    assertThatThrownBy(() -> colours(List.of("red", "blue")).workFolder(work).checkpointEvery(1).listener(stopAfterOne).build().run())
        .isInstanceOfSatisfying(CustomizationCancelledException.class, e -> {
          assertThat(e.stepsDone()).isEqualTo(1);
          assertThat(e.totalSteps()).isEqualTo(3);
          assertThat(e.workFolder()).contains(work);
        });
    ModuleArtifact resumed = colours(List.of("red", "blue")).workFolder(work).checkpointEvery(1).listener(counting).build().run();
    ModuleArtifact uninterrupted = colours(List.of("red", "blue")).build().run();

    // then the set was retrieved once, kept in the work folder, and the module is the uninterrupted run's
    assertThat(retrievals).hasValue(1);
    assertThat(work.resolve(DomainCustomization.RETRIEVED_FILE)).isRegularFile();
    assertThat(resumed.metadata().retrievedSetDigest()).isEqualTo(uninterrupted.metadata().retrievedSetDigest());
    assertThat(tensors(resumed)).containsExactly(tensors(uninterrupted));
  }

  @Test
  void should_refuse_a_work_folder_holding_a_set_retrieved_with_other_settings() {
    Path work = tmp.resolve("work");
    colours(List.of("red", "blue")).workFolder(work).build().run();

    assertThatThrownBy(() -> colours(List.of("red")).workFolder(work).build().run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("work folder '" + work + "' must hold a set retrieved with this customization's settings")
        .hasMessageEndingWith("; use another work folder");
  }

  @Test
  void should_name_the_classes_without_pairs_when_too_few_are_found() {
    assertThatThrownBy(() -> colours(List.of("green", "purple")).build().run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retriever 'host-captions' must find at least 2 pairs to train on, but found 0; classes without pairs: [green, purple]");
  }

  @Test
  void should_train_on_a_set_retrieved_earlier_and_refuse_retrieval_settings_for_it() {
    RetrievedSet set = retriever.retrieve(RetrievalRequest.builder(List.of("red", "blue")).mode(RetrievalMode.T2T).perClass(4).build());

    ModuleArtifact module = DomainCustomization.builder(base, set).steps(2).batchSize(4).build().run();

    assertThat(module.metadata().retrievedSetDigest()).contains(set.digest());
    assertThat(module.metadata().layers()).containsExactly(2);    // half of 3 layers, before the last
    assertThatThrownBy(() -> DomainCustomization.builder(base, set).classes(List.of("red")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classes, templates, pairsPerClass and retrievalMode apply to retrieval, but this customization trains on a set retrieved"
            + " already");
    assertThatThrownBy(() -> DomainCustomization.builder(base, retriever).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classes must be set to retrieve with 'host-captions', but were not");
  }
}
