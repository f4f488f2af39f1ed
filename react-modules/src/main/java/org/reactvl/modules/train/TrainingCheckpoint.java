package org.reactvl.modules.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.DType;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.core.io.SafetensorsReader;
import org.reactvl.core.io.SafetensorsWriter;

/**
 * The state of a training run after some steps, enough to continue it bit for bit: the trainable
 * parameters, AdamW's moments, the losses so far and the step count. Randomness needs no state of
 * its own, since every shuffle and augmentation derives from the run seed and the step
 * ({@link org.reactvl.modules.data.Seeds}).
 *
 * <p><b>Layout</b> (format {@value #FORMAT}, version {@value #VERSION}): a checkpoint directory holds
 * one folder per saved step, {@code step-00000123/}, and a file {@code LATEST} naming the newest.
 * A step folder holds {@code params.safetensors}, {@code adam_m.safetensors} and
 * {@code adam_v.safetensors} (float32, parameter names as in the model, REACT's for gated blocks),
 * {@code losses.safetensors} (one 1-D tensor {@code losses}) and {@code state.json}:
 * <pre>
 * {"format":"react-training-checkpoint","version":1,"step":123,"baseFingerprint":"...",
 *  "dataDigest":"...","options":{...}}
 * </pre>
 * A step folder is written by {@link OutputFolders} (under a temporary name, with its marker, renamed
 * into place) before {@code LATEST} is replaced atomically, so an interrupted write never leaves a
 * half checkpoint; older step folders are deleted afterwards, recognised by their content: a user's
 * own folder, whatever its name, is never pruned.
 */
final class TrainingCheckpoint {
  static final String FORMAT = "react-training-checkpoint";
  static final int VERSION = 1;
  private static final String LATEST = "LATEST";
  /** The kind of output folder a step is (see {@link OutputFolders}). */
  private static final String KIND = "training checkpoint";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A saved state. Arrays are owned by whoever holds the record. */
  record State(
      int step, String baseFingerprint, String dataDigest, Map<String, Object> options, Map<String, INDArray> params,
      Map<String, INDArray> firstMoments, Map<String, INDArray> secondMoments, float[] losses) {}

  private TrainingCheckpoint() {}

  /** Writes {@code state} into {@code directory} and makes it the latest; returns its folder. */
  static Path write(Path directory, State state) {
    String name = String.format(java.util.Locale.ROOT, "step-%08d", state.step());
    Path target = directory.resolve(name);
    try {
      OutputFolders.replace(target, KIND, tmp -> {
        writeTensors(tmp.resolve("params.safetensors"), state.params());
        writeTensors(tmp.resolve("adam_m.safetensors"), state.firstMoments());
        writeTensors(tmp.resolve("adam_v.safetensors"), state.secondMoments());
        SafetensorsWriter.write(
            tmp.resolve("losses.safetensors"), Map.of("losses", new FloatTensor(new long[] {state.losses().length}, state.losses())), Map.of(), DType.F32);
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT).put("version", VERSION).put("step", state.step());
        json.put("baseFingerprint", state.baseFingerprint()).put("dataDigest", state.dataDigest());
        json.set("options", JSON.valueToTree(state.options()));
        AtomicFiles.writeString(tmp.resolve("state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      });
      AtomicFiles.writeString(directory.resolve(LATEST), name);
      try (Stream<Path> old = Files.list(directory)) {
        for (Path p : old.filter(p -> !p.equals(target)).toList()) {
          OutputFolders.deleteIfOwned(p, KIND);
        }
      }
      return target;
    } catch (IOException e) {
      throw new ReactException("cannot write a training checkpoint to '" + directory + "': " + OutputFolders.describe(e), e);
    }
  }

  /** The latest checkpoint in {@code directory}, if it has one. */
  static Optional<State> readLatest(Path directory) {
    Path latest = directory.resolve(LATEST);
    if (!Files.isRegularFile(latest)) {
      return Optional.empty();
    }
    try {
      Path folder = directory.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
      JsonNode json = JSON.readTree(folder.resolve("state.json").toFile());
      if (!FORMAT.equals(json.path("format").asText()) || json.path("version").asInt() != VERSION) {
        throw new CheckpointFormatException(
            "training checkpoint '" + folder + "' must be " + FORMAT + " version " + VERSION + ", but was "
                + json.path("format").asText() + " version " + json.path("version").asText());
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> options = JSON.convertValue(json.get("options"), Map.class);
      Map<String, INDArray> losses = readTensors(folder.resolve("losses.safetensors"));
      return Optional.of(new State(
          json.path("step").asInt(),
          json.path("baseFingerprint").asText(),
          json.path("dataDigest").asText(),
          options,
          readTensors(folder.resolve("params.safetensors")),
          readTensors(folder.resolve("adam_m.safetensors")),
          readTensors(folder.resolve("adam_v.safetensors")),
          losses.get("losses").toFloatVector()));
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read the training checkpoint in '" + directory + "': " + e.getMessage(), e);
    }
  }

  private static void writeTensors(Path file, Map<String, INDArray> tensors) {
    Map<String, FloatTensor> out = new TreeMap<>();
    tensors.forEach((name, a) -> out.put(name, new FloatTensor(a.shape(), a.dup('c').data().asFloat())));
    SafetensorsWriter.write(file, out, Map.of(), DType.F32);
  }

  private static Map<String, INDArray> readTensors(Path file) {
    Map<String, INDArray> out = new HashMap<>();
    try (SafetensorsReader st = SafetensorsReader.open(file)) {
      for (String name : st.tensors().keySet()) {
        INDArray a = Nd4j.create(DataType.FLOAT, st.info(name).shape(), 'c');
        st.readFloats(name, a.data().asNioFloat());
        out.put(name, a);
      }
    }
    return out;
  }
}
