package org.reactvl.modules.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.ReactException;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.Npy;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.modules.TinyClip;
import org.reactvl.modules.train.TuningStrategy;

/** Artifacts holding gated blocks released by REACT, checked against outputs of REACT's own Python code. */
class ModuleArtifactTest {
  private static final Path REACT = TinyClip.shared().resolve("fixtures/clip-reference/react/example");
  private static final Path MODEL = TinyClip.shared().resolve("fixtures/clip-reference/models/config_A");
  private static ClipModel base;

  @BeforeAll
  static void load() {
    base = TinyClip.configA();
  }

  @AfterAll
  static void close() {
    base.close();
  }

  private static INDArray npy(Path file) {
    FloatTensor t = Npy.readFloats(file);
    return org.nd4j.linalg.factory.Nd4j.create(t.data(), t.shape(), 'c');
  }

  @Test
  void should_import_write_and_reload_reacts_gated_blocks(@TempDir Path tmp) throws Exception {
    // given REACT's released naming, imported for config A
    ModuleArtifact imported = ModuleArtifact.importReact(REACT.resolve("react_gated_A.safetensors"), base);

    // when written and read back
    imported.write(tmp.resolve("react-a"));
    ModuleArtifact back = ModuleArtifact.read(tmp.resolve("react-a"), base);

    // then the customized model reproduces REACT's features, and the folder holds just the two files and its marker
    INDArray features = back.applyTo(base).encodeImages(npy(MODEL.resolve("input_images.npy")));
    INDArray expected = npy(REACT.resolve("expected_encode_image_gated.npy"));
    assertThat(features.sub(expected).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-5);
    assertThat(back.metadata().strategy()).isEqualTo(TuningStrategy.GATED_IMAGE);
    assertThat(back.metadata().layers()).containsExactly(1, 2);
    assertThat(back.metadata().provenance().importedFrom()).isPresent();
    assertThat(back.metadata().options()).isEmpty();
    try (Stream<Path> files = Files.list(tmp.resolve("react-a"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("gated.safetensors", "module.json", OutputFolders.MARKER);
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("react-a");
    }
  }

  @Test
  void should_export_in_reacts_naming(@TempDir Path tmp) {
    ModuleArtifact imported = ModuleArtifact.importReact(REACT.resolve("react_gated_A.safetensors"), base);
    imported.exportReact(tmp.resolve("gated.safetensors"));
    GatedModule exported = GatedModule.load(tmp.resolve("gated.safetensors"), base);
    GatedModule original = imported.module().orElseThrow();
    assertThat(exported.tensors().keySet()).isEqualTo(original.tensors().keySet());
    original.tensors().forEach((name, t) -> assertThat(exported.get(name).data().asFloat()).as(name).containsExactly(t.data().asFloat()));
  }

  @Test
  void should_replace_an_earlier_artifact_and_keep_metrics(@TempDir Path tmp) {
    ModuleArtifact imported = ModuleArtifact.importReact(REACT.resolve("react_gated_A.safetensors"), base);
    imported.write(tmp.resolve("m"));
    imported.withMetrics(Map.of("zeroshot.top1", 0.5)).write(tmp.resolve("m"));
    assertThat(ModuleArtifact.readMetadata(tmp.resolve("m")).metrics()).containsExactly(Map.entry("zeroshot.top1", 0.5));
  }

  @Test
  void should_read_a_version_1_module_json_without_a_library_version(@TempDir Path tmp) throws Exception {
    // given a module.json as version 1 wrote it: no library version in its provenance
    ModuleArtifact.importReact(REACT.resolve("react_gated_A.safetensors"), base).write(tmp.resolve("m"));
    Path json = tmp.resolve("m").resolve(ModuleArtifact.METADATA_FILE);
    String v2 = Files.readString(json);
    Files.writeString(json, v2.replace("\"version\" : 2", "\"version\" : 1").replaceFirst("\"library\" : \"[^\"]*\",", ""));

    ModuleMetadata back = ModuleArtifact.readMetadata(tmp.resolve("m"));

    assertThat(back.provenance().libraryVersion()).isEqualTo(ModuleMetadata.Provenance.UNKNOWN);
    assertThat(back.layers()).containsExactly(1, 2);
  }

  @Test
  void should_name_the_field_of_invalid_metadata(@TempDir Path tmp) throws Exception {
    ModuleArtifact.importReact(REACT.resolve("react_gated_A.safetensors"), base).write(tmp.resolve("m"));
    Path json = tmp.resolve("m").resolve(ModuleArtifact.METADATA_FILE);
    Files.writeString(json, Files.readString(json).replaceFirst("\"logitScale\" : [^,]*,", "\"logitScale\" : \"big\","));

    assertThatThrownBy(() -> ModuleArtifact.readMetadata(tmp.resolve("m")))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessage("'" + json + "' is not valid module metadata: field 'logitScale' must be a number, but was string");
  }

  @Test
  void should_never_delete_user_files_beside_a_file_named_module_json(@TempDir Path tmp) throws IOException {
    ModuleArtifact imported = ModuleArtifact.importReact(REACT.resolve("react_gated_A.safetensors"), base);
    Path out = Files.createDirectories(tmp.resolve("out/sub"));
    Files.writeString(tmp.resolve("out/module.json"), "plain text");
    Files.writeString(tmp.resolve("out/important.txt"), "keep");
    Files.writeString(out.resolve("keep.bin"), "keep");

    assertThatThrownBy(() -> ModuleArtifact.checkWritable(tmp.resolve("out"))).isInstanceOf(ReactException.class);
    assertThatThrownBy(() -> imported.write(tmp.resolve("out")))
        .isInstanceOf(ReactException.class)
        .hasMessageContaining("holds files this library did not write there");

    assertThat(Files.readString(tmp.resolve("out/important.txt"))).isEqualTo("keep");
    assertThat(Files.readString(out.resolve("keep.bin"))).isEqualTo("keep");
    assertThat(Files.readString(tmp.resolve("out/module.json"))).isEqualTo("plain text");
    try (var siblings = Files.list(tmp)) {
      assertThat(siblings).hasSize(1);
    }
  }

  @Test
  void should_reject_a_folder_that_is_not_an_artifact(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(() -> ModuleArtifact.read(tmp, base))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("is not a module artifact: it has no module.json");
    Files.writeString(tmp.resolve("module.json"), "{\"format\":\"react-module\",\"version\":7}");
    assertThatThrownBy(() -> ModuleArtifact.read(tmp, base))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("must be react-module version 1 or 2, but was 'react-module' version 7");
  }
}
