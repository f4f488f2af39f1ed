package org.reactvl.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.CheckpointFormatException;

/** What SafetensorsReader refuses at load: non-finite weights, overlapping or missing bytes, PyTorch files. */
class SafetensorsReaderTest {
  @TempDir Path tmp;

  /** A file with {@code header} and {@code floats} as the data section. */
  private Path file(String header, float... floats) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4 * floats.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    for (float f : floats) {
      b.putFloat(f);
    }
    return Files.write(tmp.resolve("t.safetensors"), b.array());
  }

  @Test
  void should_refuse_a_nan_weight_naming_the_tensor() {
    Path f = tmp.resolve("nan.safetensors");
    SafetensorsWriter.write(f, Map.of("visual.proj", new FloatTensor(new long[] {3}, new float[] {1, Float.NaN, 2})), Map.of(), DType.F32);

    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      assertThatThrownBy(() -> r.readFloats("visual.proj"))
          .isInstanceOf(CheckpointFormatException.class)
          .hasMessage("tensor 'visual.proj' in '" + f + "' must hold finite values, but element 1 is NaN");
    }
  }

  @Test
  void should_refuse_an_infinite_half_precision_weight() {
    Path f = tmp.resolve("inf.safetensors");
    SafetensorsWriter.write(f, Map.of("w", new FloatTensor(new long[] {2}, new float[] {1e6f, 0})), Map.of(), DType.F16);

    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      assertThatThrownBy(() -> r.readFloats("w")).hasMessageContaining("element 0 is Infinity");
    }
  }

  @Test
  void should_refuse_two_tensors_sharing_bytes() throws IOException {
    Path f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        1, 2);

    assertThatThrownBy(() -> SafetensorsReader.open(f))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("tensor 'b' in '" + f + "' must not share bytes with tensor 'a'")
        .hasMessageContaining("forbids overlaps");
  }

  @Test
  void should_refuse_a_hole_between_tensors() throws IOException {
    Path f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
        1, 2, 3);

    assertThatThrownBy(() -> SafetensorsReader.open(f))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("tensor 'b' in '" + f + "' must start at byte 4 of the data section, where tensor 'a' ends, but starts at 8");
  }

  @Test
  void should_refuse_bytes_after_the_last_tensor() throws IOException {
    Path f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1, 2);

    assertThatThrownBy(() -> SafetensorsReader.open(f))
        .hasMessageContaining("must cover its 8 data bytes, but end at byte 4");
  }

  @Test
  void should_say_a_pytorch_zip_checkpoint_is_one_and_how_to_convert_it() throws IOException {
    Path f = Files.write(tmp.resolve("model.safetensors"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0});

    assertThatThrownBy(() -> SafetensorsReader.open(f))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("is a PyTorch checkpoint (a zip archive written by torch.save)")
        .hasMessageContaining("save_file(");
  }

  @Test
  void should_say_a_pytorch_pickle_is_one() throws IOException {
    Path f = Files.write(tmp.resolve("model.safetensors"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, 0, 0});

    assertThatThrownBy(() -> SafetensorsReader.open(f)).hasMessageContaining("is a PyTorch checkpoint (a Python pickle");
  }

  @Test
  void should_read_a_well_formed_file() throws IOException {
    Path f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
        1, 2);

    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      assertThat(r.readFloats("b")).containsExactly(2f);
    }
  }
}
