package org.reactvl.core.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reactvl.core.Fixtures.clipReference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.io.DType;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.SafetensorsReader;
import org.reactvl.core.io.SafetensorsWriter;

/** Bad checkpoints fail loudly, naming the file, the tensor and both shapes. */
class CheckpointLoaderTest {
  private static final Path HF = clipReference("models", "config_A", "hf");
  private static final Path OPENAI = clipReference("models", "config_A", "openai_clip.safetensors");

  @TempDir Path tmp;

  private static Map<String, FloatTensor> readAll(Path file) {
    Map<String, FloatTensor> out = new HashMap<>();
    try (SafetensorsReader st = SafetensorsReader.open(file)) {
      st.tensors().forEach((name, info) -> out.put(name, new FloatTensor(info.shape(), st.readFloats(name))));
    }
    return out;
  }

  private Path hfFolderWith(Map<String, FloatTensor> tensors, DType dtype) throws IOException {
    Path dir = tmp.resolve("hf");
    Files.createDirectories(dir);
    Files.copy(HF.resolve("config.json"), dir.resolve("config.json"));
    SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of(), dtype);
    return dir;
  }

  @Test
  void should_name_a_missing_tensor() throws IOException {
    Map<String, FloatTensor> t = readAll(HF.resolve("model.safetensors"));
    t.remove("vision_model.encoder.layers.1.self_attn.k_proj.weight");
    assertThatThrownBy(() -> CheckpointLoader.load(hfFolderWith(t, DType.F32)))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("'vision_model.encoder.layers.1.self_attn.k_proj.weight' [128, 128] is missing");
  }

  @Test
  void should_name_an_unexpected_tensor() throws IOException {
    Map<String, FloatTensor> t = readAll(HF.resolve("model.safetensors"));
    t.put("vision_model.extra.weight", new FloatTensor(new long[] {2}, new float[2]));
    assertThatThrownBy(() -> CheckpointLoader.load(hfFolderWith(t, DType.F32)))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("unexpected tensor")
        .hasMessageContaining("vision_model.extra.weight [2]");
  }

  @Test
  void should_name_both_shapes_when_the_config_disagrees_with_the_weights() throws IOException {
    Path dir = hfFolderWith(readAll(HF.resolve("model.safetensors")), DType.F32);
    String config = Files.readString(dir.resolve("config.json")).replace("\"intermediate_size\": 512", "\"intermediate_size\": 640");
    Files.writeString(dir.resolve("config.json"), config);
    assertThatThrownBy(() -> CheckpointLoader.load(dir))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("'vision_model.encoder.layers.0.mlp.fc1.weight'")
        .hasMessageContaining("must have shape [640, 128] (from config.json), but has [512, 128]");
  }

  @Test
  void should_name_both_shapes_when_the_architecture_does_not_fit() {
    assertThatThrownBy(() -> CheckpointLoader.loadOpenClip(OPENAI, ClipArchitectures.get("ViT-B-32-quickgelu")))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("must have shape [768] (from the architecture), but has [128]");
  }

  @Test
  void should_load_half_precision_weights_widened_to_float() throws IOException {
    ClipWeights f32 = CheckpointLoader.load(HF);
    ClipWeights f16 = CheckpointLoader.load(hfFolderWith(readAll(HF.resolve("model.safetensors")), DType.F16));
    float a = f32.get("visual.proj").getFloat(3, 5);
    assertThat(f16.get("visual.proj").getFloat(3, 5)).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(a)));
  }

  @Test
  void should_refuse_a_truncated_file() throws IOException {
    Path dir = hfFolderWith(readAll(HF.resolve("model.safetensors")), DType.F32);
    Path file = dir.resolve("model.safetensors");
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 1000));
    assertThatThrownBy(() -> CheckpointLoader.load(dir))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("truncated file?");
  }

  @Test
  void should_refuse_a_header_longer_than_the_file() throws IOException {
    Path file = tmp.resolve("short.safetensors");
    byte[] b = new byte[16];
    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(5000);
    Files.write(file, b);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("claims 5000 bytes, but the file has only 8 bytes");
  }

  @Test
  void should_refuse_an_unknown_dtype() throws IOException {
    Path file = tmp.resolve("int.safetensors");
    String header = "{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).putLong(1);
    Files.write(file, b.array());
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("dtype must be one of F32, F16, BF16, F64, but was 'I64'");
  }

  @Test
  void should_refuse_garbage_and_empty_files() throws IOException {
    Path empty = Files.write(tmp.resolve("empty.safetensors"), new byte[0]);
    assertThatThrownBy(() -> SafetensorsReader.open(empty)).hasMessageContaining("at least 8 bytes long, but was 0 bytes");
    Path text = Files.writeString(tmp.resolve("text.safetensors"), "hello world, this is not a checkpoint");
    assertThatThrownBy(() -> SafetensorsReader.open(text)).isInstanceOf(CheckpointFormatException.class).hasMessageContaining("header length");
    assertThatThrownBy(() -> SafetensorsReader.open(tmp.resolve("nope.safetensors"))).hasMessageContaining("does not exist");
  }

  @Test
  void should_say_what_a_model_folder_lacks() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty-model"));
    assertThatThrownBy(() -> CheckpointLoader.load(dir)).hasMessageContaining("must contain config.json");
  }

  @Test
  void should_infer_the_openai_config_from_shapes() {
    ClipConfig inferred = CheckpointLoader.load(OPENAI).config();
    assertThat(inferred.vision()).isEqualTo(CheckpointLoader.load(HF).config().vision());
    // OpenAI's build_model derives text heads as width / 64 = 1; the fixture was built with 2, which only a config can say.
    assertThat(inferred.text().heads()).isEqualTo(1);
  }
}
