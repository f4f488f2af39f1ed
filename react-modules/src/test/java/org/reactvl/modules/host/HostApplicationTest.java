package org.reactvl.modules.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.index.retrieval.Retrievers;
import org.reactvl.modules.ColourPairs;
import org.reactvl.modules.DomainCustomization;
import org.reactvl.modules.TinyClip;
import org.reactvl.modules.artifact.ModuleArtifact;

/**
 * The host developer's path, as an application that depends only on react-core, react-index and
 * react-modules: load a model, plug in its own retriever through the SPI ({@link
 * CaptionRetrieverProvider}), customize, write, re-read and attach the module, and be refused on
 * another base. README's "Embedding in a host application" shows this code.
 */
class HostApplicationTest {
  @TempDir Path tmp;

  @Test
  void should_customize_write_reread_and_attach_a_module_through_the_library_alone() throws IOException {
    List<ImageTextPair> pairs = ColourPairs.write(tmp.resolve("pool"), 8, 32);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (ClipModel base = TinyClip.configA();
        ClipModel otherBase = ClipModel.of(ClipInitializer.random(base.config(), 7))) {
      // --- README: Embedding in a host application ---
      RetrieverContext context = RetrieverContext.of(ClipEmbedder.of(base, ClipTokenizer.load()))
          .with(CaptionRetrieverProvider.POOL, new CaptionRetrieverProvider.CaptionPool(pairs));
      Retriever retriever = Retrievers.create("host-captions", context);

      ModuleArtifact module = DomainCustomization.builder(base, retriever)
          .classes(List.of("red", "blue"))
          .retrievalMode(RetrievalMode.T2T)
          .pairsPerClass(4)
          .steps(3)
          .batchSize(4)
          .learningRate(1e-2)
          .workFolder(tmp.resolve("work"))
          .build()
          .run();
      module.write(tmp.resolve("modules/colours"));

      ModuleArtifact reread = ModuleArtifact.read(tmp.resolve("modules/colours"), base);
      ClipModel custom = reread.applyTo(base);
      INDArray features = custom.encodeTexts(List.of("a red square"));
      // --- end of README snippet ---

      assertThat(features.shape()).containsExactly(1, base.config().embedDim());
      assertThat(reread.metadata().retrievedSetDigest()).isEqualTo(module.metadata().retrievedSetDigest()).get().asString().hasSize(64);
      assertThat(reread.metadata().classes()).containsExactly("red", "blue");
      assertThat(reread.metadata().baseFingerprint()).isEqualTo(base.fingerprint());
      assertThat(custom.module()).isPresent();
      assertThatThrownBy(() -> ModuleArtifact.read(tmp.resolve("modules/colours"), otherBase))
          .isInstanceOf(BackboneMismatchException.class)
          .hasMessageContaining(base.fingerprint())
          .hasMessageContaining(otherBase.fingerprint());
      assertThatThrownBy(() -> reread.applyTo(otherBase)).isInstanceOf(BackboneMismatchException.class);
      assertThatThrownBy(() -> otherBase.withModule(reread.module().orElseThrow())).isInstanceOf(BackboneMismatchException.class);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).as("System.err").isEmpty();
    // Needs the quiet-library change: SameDiff prints "Added differentiated op ..." on System.out
    // while training builds its gradient graph, and the library must silence it.
    assertThat(out.toString(StandardCharsets.UTF_8)).as("System.out").isEmpty();
  }
}
