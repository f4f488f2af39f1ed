package org.reactvl.modules.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.modules.data.Augmentation;
import org.reactvl.modules.train.TrainingOptions;
import org.reactvl.modules.train.TuningStrategy;

/**
 * {@code module.json}: {@link ModuleMetadata} as JSON. Version 2 adds the library version to the
 * provenance; version 1 files (written before) are read as well, their library version
 * {@value ModuleMetadata.Provenance#UNKNOWN}.
 *
 * <pre>
 * {"format":"react-module","version":2,"strategy":"GATED_IMAGE","baseFingerprint":"...","baseConfig":"...",
 *  "gatedLayers":2,"layers":[2,3],"logitScale":4.6,"seed":42,"hyperParameters":{...TrainingOptions...},
 *  "retrievedSet":{"digest":"...","classes":["dog","cat"]},
 *  "training":{"steps":100,"totalSteps":100,"seconds":12.5,"samplesPerSecond":256,"firstLoss":2.1,"finalLoss":0.4},
 *  "metrics":{"zeroshot.top1":0.71},"provenance":{"library":"0.1.0","java":"25","createdAt":"2026-..."}}
 * </pre>
 */
final class ModuleMetadataJson {
  /** The {@code format} field. */
  static final String FORMAT = "react-module";
  /** The version written. */
  static final int VERSION = 2;

  private ModuleMetadataJson() {}

  static ObjectNode write(ModuleMetadata m, ObjectMapper json) {
    ObjectNode out = json.createObjectNode();
    out.put("format", FORMAT).put("version", VERSION).put("strategy", m.strategy().name());
    out.put("baseFingerprint", m.baseFingerprint()).put("baseConfig", m.base().config());
    out.put("gatedLayers", m.gatedLayers());
    ArrayNode layers = out.putArray("layers");
    m.layers().forEach(layers::add);
    out.put("logitScale", m.logitScale());
    m.options().ifPresent(o -> out.put("seed", o.seed()));
    out.set("hyperParameters", json.valueToTree(m.options().map(TrainingOptions::toMap).orElse(Map.of())));
    ObjectNode retrieved = out.putObject("retrievedSet");
    retrieved.put("digest", m.retrievedSetDigest().orElse(null));
    ArrayNode classes = retrieved.putArray("classes");
    m.classes().forEach(classes::add);
    ObjectNode training = out.putObject("training");
    m.training().ifPresent(t -> training.put("steps", t.steps()).put("totalSteps", t.totalSteps()).put("seconds", t.seconds())
        .put("samplesPerSecond", t.samplesPerSecond()).put("firstLoss", t.firstLoss()).put("finalLoss", t.finalLoss()));
    out.set("metrics", json.valueToTree(m.metrics()));
    ObjectNode provenance = out.putObject("provenance");
    provenance.put("library", m.provenance().libraryVersion()).put("java", m.provenance().javaVersion())
        .put("createdAt", m.provenance().createdAt().toString());
    m.provenance().importedFrom().ifPresent(f -> provenance.put("importedFrom", f));
    return out;
  }

  /**
   * @throws CheckpointFormatException naming the file and the bad field
   */
  static ModuleMetadata read(JsonNode json, Path file) {
    int version = json.path("version").asInt(-1);
    if (!FORMAT.equals(json.path("format").asText()) || version < 1 || version > VERSION) {
      throw new CheckpointFormatException("'" + file + "' must be " + FORMAT + " version 1 or " + VERSION + ", but was '"
          + json.path("format").asText() + "' version " + json.path("version").asText());
    }
    try {
      List<Integer> layers = new ArrayList<>();
      json.path("layers").forEach(n -> layers.add(n.asInt()));
      List<String> classes = new ArrayList<>();
      json.path("retrievedSet").path("classes").forEach(n -> classes.add(n.asText()));
      JsonNode digest = json.path("retrievedSet").path("digest");
      JsonNode hyper = json.path("hyperParameters");
      JsonNode training = json.path("training");
      JsonNode provenance = json.path("provenance");
      Map<String, Double> metrics = new LinkedHashMap<>();
      json.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
      return new ModuleMetadata(
          TuningStrategy.valueOf(text(json, "strategy")),
          new ModuleMetadata.Base(text(json, "baseFingerprint"), text(json, "baseConfig")),
          layers,
          number(json, "logitScale"),
          hyper.isEmpty() ? Optional.empty() : Optional.of(options(hyper)),
          training.isEmpty() ? Optional.empty() : Optional.of(new ModuleMetadata.Training(
              (int) integer(training, "steps"), (int) integer(training, "totalSteps"), number(training, "seconds"),
              number(training, "samplesPerSecond"), number(training, "firstLoss"), number(training, "finalLoss"))),
          new ModuleMetadata.RetrievedSetSource(digest.isTextual() ? Optional.of(digest.asText()) : Optional.empty(), classes),
          metrics,
          new ModuleMetadata.Provenance(
              provenance.path("library").asText(ModuleMetadata.Provenance.UNKNOWN),
              text(provenance, "java"),
              Instant.parse(text(provenance, "createdAt")),
              provenance.hasNonNull("importedFrom") ? Optional.of(provenance.get("importedFrom").asText()) : Optional.empty()));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new CheckpointFormatException("'" + file + "' is not valid module metadata: " + e.getMessage(), e);
    }
  }

  private static TrainingOptions options(JsonNode h) {
    JsonNode a = h.path("augmentation");
    return new TrainingOptions(
        TuningStrategy.valueOf(text(h, "strategy")),
        (int) integer(h, "gatedLayers"),
        number(h, "gatedInitScale"),
        (int) integer(h, "batchSize"),
        (int) integer(h, "steps"),
        (int) integer(h, "stepsPerEpoch"),
        number(h, "learningRate"),
        (int) integer(h, "warmupSteps"),
        number(h, "weightDecay"),
        number(h, "beta1"),
        number(h, "beta2"),
        number(h, "epsilon"),
        number(h, "maxGradientNorm"),
        bool(h, "trainLogitScale"),
        new Augmentation(number(a, "minCropScale"), number(a, "flipProbability"), number(a, "colorJitter")),
        bool(h, "cachePrefix"),
        (int) integer(h, "layersPerSegment"),
        integer(h, "seed"));
  }

  private static String text(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    if (!n.isTextual()) {
      throw new IllegalArgumentException("field '" + name + "' must be a string, but was " + describe(n));
    }
    return n.asText();
  }

  private static double number(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    if (!n.isNumber()) {
      throw new IllegalArgumentException("field '" + name + "' must be a number, but was " + describe(n));
    }
    return n.asDouble();
  }

  private static long integer(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    if (!n.isIntegralNumber()) {
      throw new IllegalArgumentException("field '" + name + "' must be an integer, but was " + describe(n));
    }
    return n.asLong();
  }

  private static boolean bool(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    if (!n.isBoolean()) {
      throw new IllegalArgumentException("field '" + name + "' must be true or false, but was " + describe(n));
    }
    return n.asBoolean();
  }

  private static String describe(JsonNode n) {
    return n.isMissingNode() ? "missing" : n.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
