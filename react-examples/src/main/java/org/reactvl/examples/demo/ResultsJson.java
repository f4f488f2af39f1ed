package org.reactvl.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.modules.eval.ClassAccuracy;
import org.reactvl.modules.eval.Interval;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.TrainingReport;

/**
 * Writes a {@link DemoResult} as {@code results.json} (format {@value #FORMAT}, version
 * {@value #VERSION}), every figure the report shows and more:
 *
 * <pre>
 * {"format":"react-demo-results","version":2,"created":"2025-...Z",
 *  "settings":{"per_class":48,"epochs":10,...,"seed":42,"seeds":3,"retrieval":"hybrid"},
 *  "model":{"source":"emoji-clip-s (default)","path":"...","fingerprint":"...","config":"...","provenance":{...}},
 *  "index":{"folder":"...","pairs":10394,"embedded":0},
 *  "seconds":{"corpus":3.1,"model":0.4,"index":0.9,"total":512.0,"report":4.2},
 *  "domains":[{"domain":"animals-47","classes":["dog",...],"test_images":225,"validation_images":57,
 *    "retrieval":{"pairs":2256,"file":"...","digest":"...","precision":0.61,
 *                 "per_class":[{"class":"dog","pairs":48,"mean_score":0.31,"on_target":12}]},
 *    "arms":{"base":{"top1":{"estimate":0.2,"lower":0.15,"upper":0.25},"top5":{...},"per_class":[{"class":"dog","images":6,"top1":0.5,"top5":1.0}],
 *                    "seeds":{"runs":1,"top1":[0.2],"mean":0.2,"sd":0.0,"min":0.2,"max":0.2},"validation":{"images":57,"top1":{...},...}},
 *            "react-gated":{...,"pairs":2256,"in_domain_pairs":700,"on_target_pairs":650,"precision":0.29,
 *                           "precision_per_class":[{"class":"dog","pairs":48,"on_target":12}],
 *                           "delta_top1":0.04,"delta_top5":0.03,"vs_base":{"estimate":0.04,"lower":0.01,"upper":0.07},
 *                           "training":{"steps":350,"seconds":80.2,"samples_per_second":280.0,"preparation_seconds":6.1,"loss_curve":[...]},
 *                           "module":"..."}, "random-gated":{...}, "locked-text":{...}, "oracle-gated":{...}},
 *    "comparisons":[{"arm":"react-gated","against":"base","test":{"estimate":0.04,"lower":0.01,"upper":0.07},"validation":{...}},...],
 *    "verdict":{"react_minus_base":{...},"react_minus_random":{...},"react_above_base":true,"react_above_random":false,"react_beats_random":true},
 *    "seconds":{"base eval":0.8,"retrieval":0.2,"react-gated train":80.2,...}}]}
 * </pre>
 *
 * <p>Accuracies are fractions in [0, 1]; intervals are bootstrap 95% intervals; an arm's {@code top1}
 * is the mean over seeds (bootstrapped over images), its {@code top5} and {@code per_class} are the
 * first seed's; comparisons are paired differences on the same images. NaN (a class with no pairs or
 * test images) is written as null. Stateless and thread-safe.
 */
public final class ResultsJson {
  /** The {@code format} field. */
  public static final String FORMAT = "react-demo-results";
  /** The version of this layout. */
  public static final int VERSION = 2;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  /** Writes {@code result} to {@code file} atomically (a temporary sibling renamed into place). */
  public static void write(DemoResult result, Path file) {
    try {
      AtomicFiles.writeString(file, JSON.writeValueAsString(toJson(result)));
    } catch (IOException e) {
      throw new ReactException("cannot write " + file + ": " + OutputFolders.describe(e), e);
    }
  }

  /** The JSON tree {@link #write} writes. */
  public static ObjectNode toJson(DemoResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("created", Instant.now().toString());
    root.set("settings", JSON.valueToTree(result.settings().toMap()));
    ObjectNode model = root.putObject("model");
    model.put("source", result.model().source());
    model.put("path", result.model().path().toString());
    model.put("fingerprint", result.model().fingerprint());
    model.put("config", result.model().config());
    model.set("provenance", JSON.valueToTree(result.model().provenance()));
    ObjectNode index = root.putObject("index");
    index.put("folder", result.index().folder().toString());
    index.put("pairs", result.index().pairs());
    index.put("embedded", result.index().embedded());
    root.set("seconds", seconds(result.seconds()));
    root.set("credits", JSON.valueToTree(result.credits()));
    ArrayNode domains = root.putArray("domains");
    for (DomainResult d : result.domains()) {
      domains.add(domain(d));
    }
    return root;
  }

  private static ObjectNode domain(DomainResult d) {
    ObjectNode node = JSON.createObjectNode();
    node.put("domain", d.domain().id());
    node.set("classes", JSON.valueToTree(d.classes()));
    node.put("test_images", d.testImages());
    node.put("validation_images", d.validationImages());
    ObjectNode retrieval = node.putObject("retrieval");
    retrieval.put("pairs", d.retrieved().size());
    retrieval.put("file", d.retrievedFile().toString());
    retrieval.put("digest", d.retrieved().digest());
    retrieval.put("retriever", d.retrieved().info().retriever());
    retrieval.put("precision", d.arm(DemoArm.REACT_GATED).precision());
    ArrayNode perClass = retrieval.putArray("per_class");
    for (DomainResult.ClassRetrieval c : d.retrieval()) {
      ObjectNode cn = perClass.addObject();
      cn.put("class", c.className());
      cn.put("pairs", c.pairs());
      number(cn, "mean_score", c.meanScore());
      cn.put("on_target", c.onTarget());
    }
    ObjectNode arms = node.putObject("arms");
    for (ArmResult a : d.arms()) {
      ObjectNode an = arms.putObject(a.arm().id());
      scores(an, a.test());
      a.validation().ifPresent(v -> scores(an.putObject("validation"), v));
      if (a.arm() != DemoArm.BASE) {
        an.put("pairs", a.pairs());
        an.put("in_domain_pairs", a.inDomainPairs());
        an.put("on_target_pairs", a.onTargetPairs());
        an.put("precision", a.precision());
        ArrayNode precision = an.putArray("precision_per_class");
        for (DomainResult.ClassRetrieval c : a.perClass()) {
          precision.addObject().put("class", c.className()).put("pairs", c.pairs()).put("on_target", c.onTarget());
        }
        an.put("delta_top1", d.top1Delta(a.arm()));
        an.put("delta_top5", a.zeroShot().top5().estimate() - d.arm(DemoArm.BASE).zeroShot().top5().estimate());
        an.set("vs_base", interval(d.versus(a.arm(), DemoArm.BASE).test()));
      }
      a.training().ifPresent(t -> an.set("training", training(t)));
      a.module().ifPresent(m -> an.put("module", m.toString()));
    }
    ArrayNode comparisons = node.putArray("comparisons");
    for (DomainResult.Comparison c : d.comparisons()) {
      ObjectNode cn = comparisons.addObject();
      cn.put("arm", c.arm().id());
      cn.put("against", c.against().id());
      cn.set("test", interval(c.test()));
      c.validation().ifPresent(v -> cn.set("validation", interval(v)));
    }
    ObjectNode verdict = node.putObject("verdict");
    verdict.set("react_minus_base", interval(d.versus(DemoArm.REACT_GATED, DemoArm.BASE).test()));
    verdict.set("react_minus_random", interval(d.versus(DemoArm.REACT_GATED, DemoArm.RANDOM_GATED).test()));
    verdict.put("react_above_base", d.aboveBase(DemoArm.REACT_GATED));
    verdict.put("react_above_random", d.reactAboveRandom());
    verdict.put("react_beats_random", d.reactBeatsRandom());
    node.set("seconds", seconds(d.seconds()));
    return node;
  }

  /** Top-1 over seeds, the first seed's top-5 and per-class figures, and each seed's top-1. */
  private static void scores(ObjectNode node, ArmScores scores) {
    ZeroShotReport report = scores.first();
    node.put("images", report.images());
    node.set("top1", interval(scores.top1()));
    node.set("top5", interval(report.top5()));
    ObjectNode seeds = node.putObject("seeds");
    seeds.put("runs", scores.spread().runs());
    ArrayNode top1s = seeds.putArray("top1");
    scores.runs().forEach(r -> top1s.add(r.top1().estimate()));
    seeds.put("mean", scores.spread().mean());
    seeds.put("sd", scores.spread().sd());
    seeds.put("min", scores.spread().min());
    seeds.put("max", scores.spread().max());
    ArrayNode perClass = node.putArray("per_class");
    for (ClassAccuracy c : report.perClass()) {
      ObjectNode cn = perClass.addObject();
      cn.put("class", c.className());
      cn.put("images", c.images());
      number(cn, "top1", c.top1() == null ? Double.NaN : c.top1().estimate());
      number(cn, "top5", c.top5() == null ? Double.NaN : c.top5().estimate());
    }
  }

  private static ObjectNode training(TrainingReport t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("steps", t.stepsDone());
    node.put("seconds", t.seconds());
    node.put("samples_per_second", t.samplesPerSecond());
    node.put("preparation_seconds", t.preparationSeconds());
    ArrayNode curve = node.putArray("loss_curve");
    for (float loss : t.lossCurve()) {
      curve.add(loss);
    }
    return node;
  }

  private static ObjectNode interval(Interval i) {
    ObjectNode node = JSON.createObjectNode();
    node.put("estimate", i.estimate());
    node.put("lower", i.lower());
    node.put("upper", i.upper());
    return node;
  }

  private static ObjectNode seconds(Map<String, Double> seconds) {
    ObjectNode node = JSON.createObjectNode();
    seconds.forEach((k, v) -> node.put(k, Math.round(v * 100) / 100.0));
    return node;
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
