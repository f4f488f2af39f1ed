package org.reactvl.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.core.zeroshot.ZeroShotClassifier;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.RetrievalEvaluation;
import org.reactvl.modules.eval.RetrievalReport;
import org.reactvl.modules.eval.ZeroShotEvaluation;
import org.reactvl.modules.eval.ZeroShotReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval}: zero-shot accuracy on labelled images, or image-text recall on captioned images, of
 * a model with or without a module; a table on stdout and optionally a JSON report.
 */
@Command(name = "eval", description = "Evaluate a model, optionally customized by a module: zero-shot top-1/top-5 accuracy on"
    + " labelled images (overall and per class), or image<->text recall@1/5/10 on captioned images (--pairs); every figure"
    + " with a bootstrap 95%% interval.")
final class EvalCommand implements Callable<Integer> {
  private static final int[] RECALL_KS = {1, 5, 10};

  @Mixin ModelOptions model;

  @Spec CommandSpec spec;

  @Option(names = "--module", paramLabel = "MODULE", description = "Module: a folder written by 'customize' or a REACT gated .safetensors file.")
  Path module;

  @ArgGroup(multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--images", paramLabel = "FOLDER",
        description = "Labelled images: one subfolder per class, named as the class, holding its images (jpg, jpeg, png, gif, bmp or webp files).")
    Path folder;

    @Option(names = "--manifest", paramLabel = "FILE.jsonl",
        description = "Labelled images: JSON Lines with \"image\" (a path relative to the manifest) and \"label\".")
    Path manifest;

    @Option(names = "--pairs", paramLabel = "MANIFEST.jsonl",
        description = "Captioned images for retrieval recall: JSON Lines with \"image\" (relative to the manifest) and \"caption\".")
    Path pairs;
  }

  @ArgGroup(multiplicity = "0..1")
  ClassNames classNames;

  static final class ClassNames {
    @Option(names = "--labels", paramLabel = "FILE",
        description = "Class names, one per line (blank lines and lines starting with # skipped), in report order; must include every"
            + " label found (extra names compete as distractors).")
    Path file;

    @Option(names = "--classes", split = ",", paramLabel = "NAME", description = "Class names, comma-separated (instead of --labels).")
    List<String> names;
  }

  @Option(names = "--template", paramLabel = "T",
      description = "Prompt template with {} for the class name; repeat it for a prompt ensemble (default: \"a photo of a {}.\").")
  List<String> templates;

  @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", description = "Bootstrap resamples, at least 100 (default ${DEFAULT-VALUE}).")
  int resamples;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Images decoded and encoded at a time (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--json", paramLabel = "OUT.json", description = "Also write the report as JSON.")
  Path json;

  @Option(names = "--no-progress", description = "Show no progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    if (resamples < 100) {
      throw new IllegalArgumentException("--bootstrap must be at least 100 resamples, but was " + resamples);
    }
    if (batch <= 0) {
      throw new IllegalArgumentException("--batch must be positive, but was " + batch);
    }
    Bootstrap bootstrap = new Bootstrap(resamples, seed);
    ObjectNode report = input.pairs != null ? retrieval(bootstrap) : zeroShot(bootstrap);
    report.put("model", model.model.toString());
    report.put("module", module == null ? null : module.toString());
    if (json != null) {
      EvalReports.write(report, json);
    }
    return 0;
  }

  private ObjectNode zeroShot(Bootstrap bootstrap) {
    LabelledImages data = input.folder != null ? LabelledImages.fromFolder(input.folder) : LabelledImages.fromManifest(input.manifest);
    List<String> classes = classes(data.labelsFound());
    PromptTemplates prompts = templates == null ? PromptTemplates.simple() : templates(templates);
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      index.put(classes.get(c), c);
    }
    int[] labels = data.labels().stream().mapToInt(index::get).toArray();
    try (ClipModel base = model.load(); ClipModel clip = Modules.apply(module, base)) {
      ZeroShotClassifier classifier = ZeroShotClassifier.build(clip, ClipTokenizer.load(), classes, prompts);
      ZeroShotReport report = ZeroShotEvaluation.evaluate(classifier, Images.encode(clip, data.images(), batch, progress()), labels, bootstrap);
      out().print(EvalReports.table(report, prompts.size(), bootstrap));
      out().flush();
      return EvalReports.json(report, prompts.templates(), bootstrap);
    }
  }

  private PrintWriter progress() {
    return noProgress ? null : spec.commandLine().getErr();
  }

  private ObjectNode retrieval(Bootstrap bootstrap) {
    if (classNames != null || templates != null) {
      throw new IllegalArgumentException("--labels, --classes and --template apply to zero-shot evaluation (--images or --manifest),"
          + " not to --pairs");
    }
    CaptionedImages data = CaptionedImages.fromManifest(input.pairs);
    try (ClipModel base = model.load(); ClipModel clip = Modules.apply(module, base)) {
      INDArray images = Images.encode(clip, data.images(), batch, progress());
      INDArray texts = clip.encodeTexts(data.captions());
      RetrievalReport report = RetrievalEvaluation.evaluate(images, texts, RECALL_KS, bootstrap);
      out().print(EvalReports.table(report, bootstrap));
      out().flush();
      return EvalReports.json(report, bootstrap);
    }
  }

  /** The class list: as given (checked to name every label found), else the labels found. */
  private List<String> classes(List<String> found) {
    if (classNames == null) {
      return found;
    }
    String source = classNames.file != null ? "--labels '" + classNames.file + "'" : "--classes";
    List<String> names = classNames.file != null ? RetrieveCommand.readClasses(classNames.file) : strip(classNames.names);
    List<String> missing = new ArrayList<>(found);
    missing.removeAll(names);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(source + " must name every label found, but does not name '" + missing.get(0) + "'"
          + (missing.size() > 1 ? " (nor " + (missing.size() - 1) + " more of the " + found.size() + " labels found)" : ""));
    }
    return names;
  }

  private static List<String> strip(List<String> names) {
    return names.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static PromptTemplates templates(List<String> given) {
    try {
      return new PromptTemplates("--template", given);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--template must contain {} for the class name, but was '"
          + given.stream().filter(t -> !t.contains("{}")).findFirst().orElse("") + "'", e);
    }
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
