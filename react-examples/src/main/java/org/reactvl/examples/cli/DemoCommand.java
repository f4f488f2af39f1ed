package org.reactvl.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.reactvl.examples.demo.DemoPipeline;
import org.reactvl.examples.demo.DemoRetrieval;
import org.reactvl.examples.demo.DemoResult;
import org.reactvl.examples.demo.DemoSettings;
import org.reactvl.examples.demo.ResultsTable;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole REACT pipeline on the emoji corpus ({@link DemoPipeline}), with progress
 * bars on stderr, the results table on stdout, and results.json and report.html in the output folder.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "REACT end to end: base zero-shot accuracy on held-out emoji -> index the pool -> class-balanced retrieval ->"
          + " gated-image customization -> zero-shot again, with random-pairs, locked-text and oracle (perfect retrieval) arms,"
          + " paired bootstrap differences, and a validation split for recipe choices.",
      "Writes results.json, report.html (open it in a browser) and the trained modules to --out."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}); a rerun reuses its pool index.")
  Path out = Path.of("target", "react-demo");

  @Option(names = "--quick", description = "A smaller recipe (" + DemoSettings.QUICK_PER_CLASS + " pairs per class, " + DemoSettings.QUICK_EPOCHS
      + " epochs) that finishes in a few minutes.")
  boolean quick;

  @Option(names = "--model", paramLabel = "DIR", description = "Base model folder (Hugging Face layout; default: the shipped emoji-clip-s).")
  Path model;

  @Option(names = "--domains", paramLabel = "D[,D...]", split = ",",
      description = "Target domains, of animals-47 and food-36 (default: both).")
  List<String> domains;

  @Option(names = "--retrieval", paramLabel = "MODE", defaultValue = "hybrid-t2t",
      description = "hybrid-t2t (default, chosen on the validation split): BM25 over the pool captions' words fused with"
          + " t2t by reciprocal rank; t2i: class names search the pool's images (the paper's); t2t: they search its"
          + " captions, which name the emoji (close to string matching); hybrid: BM25 fused with t2i.")
  String retrieval;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
      description = "Train every arm N times (seeds --seed, --seed + 1, ...) and report the mean and spread (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--per-class", paramLabel = "N",
      description = "Retrieved pairs per class (default " + DemoSettings.DEFAULT_PER_CLASS + ", quick " + DemoSettings.QUICK_PER_CLASS + ").")
  Integer perClass;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Training epochs of every run (default " + DemoSettings.DEFAULT_EPOCHS + ", quick " + DemoSettings.QUICK_EPOCHS + ").")
  Integer epochs;

  @Option(names = "--k", paramLabel = "N", description = "Gated blocks before the last N vision layers (default " + DemoSettings.DEFAULT_GATED_LAYERS + ").")
  Integer k;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Emoji render cache (default: ${DEFAULT-VALUE}).")
  Path cacheDir = EmojiCorpus.defaultCacheDir();

  @Override
  public Integer call() {
    DemoSettings.Builder settings = DemoSettings.builder(out).cacheDir(cacheDir).seed(seed).seeds(seeds)
        .retrieval(DemoRetrieval.parse(retrieval));
    if (quick) {
      settings.quick();
    }
    if (model != null) {
      settings.model(model);
    }
    if (domains != null) {
      settings.domains(parseDomains(domains));
    }
    if (perClass != null) {
      settings.perClass(perClass);
    }
    if (epochs != null) {
      settings.epochs(epochs);
    }
    if (k != null) {
      settings.gatedLayers(k);
    }
    DemoResult result = DemoPipeline.run(settings.build(), new DemoProgressBars(spec.commandLine().getErr()));
    spec.commandLine().getOut().print(ResultsTable.format(result));
    spec.commandLine().getOut().printf("results: %s%nreport:  %s%n", result.resultsFile().toAbsolutePath(), result.reportFile().toAbsolutePath());
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static List<Domain> parseDomains(List<String> names) {
    List<Domain> out = new ArrayList<>();
    for (String name : names) {
      try {
        out.add(Domain.parse(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--domains must name domains of " + Arrays.stream(Domain.values()).map(Domain::id).toList()
            + ", but was '" + name.strip() + "'", e);
      }
    }
    return out;
  }
}
