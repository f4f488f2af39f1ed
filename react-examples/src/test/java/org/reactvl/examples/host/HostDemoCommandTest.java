package org.reactvl.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedBlockConfig;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.examples.cli.ReactCli;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.modules.artifact.ModuleArtifact;

/** {@code react host-demo} over a tiny model whose animals-47 module is already in the modules folder. */
class HostDemoCommandTest {
  @TempDir static Path work;

  private static Path model;
  private static Path modules;
  private static Path dog;

  @BeforeAll
  static void modelAndModule() {
    try (ClipModel base = HostFixtures.tinyModel(11)) {
      model = HostFixtures.write(base, work.resolve("model"));
      modules = work.resolve("modules");
      Path gated = work.resolve("gated.safetensors");
      GatedModule.initialize(base.config(), base.fingerprint(), GatedBlockConfig.lastK(2), 5).save(gated, java.util.Map.of());
      try (ClipModel loaded = ClipModel.load(model)) {
        ModuleArtifact.importReact(gated, loaded).write(modules.resolve(Domain.ANIMALS_47.id()));
      }
    }
    dog = HostFixtures.drawing(work.resolve("images"), "dog", "dog", 1);
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ReactCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void should_classify_an_image_with_the_domain_module_from_the_modules_folder() {
    // when
    Run run = run("host-demo", "--model", model.toString(), "--modules", modules.toString(), "--domain", "animals-47",
        "--image", dog.toString(), "--top", "3");

    // then: a header naming the module, the image, and three of the domain's classes with probabilities
    assertThat(run.status()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("animals-47: module from " + modules.resolve("animals-47") + " (GATED_IMAGE, gated layers [2, 3], trained on unknown data)");
    assertThat(lines.get(1)).isEqualTo(dog.toString());
    assertThat(lines.subList(2, 5)).allSatisfy(line -> {
      String[] cells = line.strip().split("\\s+");
      assertThat(Domain.ANIMALS_47.classNames()).contains(line.strip().substring(0, line.strip().lastIndexOf(' ')).strip());
      assertThat(Double.parseDouble(cells[cells.length - 1])).isBetween(0.0, 1.0);
    });
  }

  @Test
  void should_name_the_available_retrievers_when_one_is_unknown() {
    // when
    Run run = run("host-demo", "--model", model.toString(), "--modules", work.resolve("empty").toString(), "--domain", "food-36",
        "--image", dog.toString(), "--retriever", "nope");

    // then: the keyword retriever is registered next to knn
    assertThat(run.status()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(run.err()).startsWith("error: retriever 'nope' is not available; available retrievers: [hybrid, keyword, knn]");
  }

  @Test
  void should_reject_an_unknown_domain_and_a_corrupt_image() {
    // when
    Run domain = run("host-demo", "--model", model.toString(), "--modules", modules.toString(), "--domain", "plants", "--image", dog.toString());
    Run image = run("host-demo", "--model", model.toString(), "--modules", modules.toString(), "--domain", "animals-47",
        "--image", work.resolve("missing.png").toString());

    // then
    assertThat(domain.status()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(domain.err()).isEqualTo("error: --domain must be one of [animals-47, food-36], but was 'plants'\n");
    assertThat(image.status()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(image.err()).isEqualTo("error: image file '" + work.resolve("missing.png") + "' does not exist\n");
  }
}
