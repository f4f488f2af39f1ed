package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.zeroshot.ZeroShotClassifier.Prediction;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.host.Classification;
import org.reactvl.examples.host.DomainClassifierService;
import org.reactvl.examples.host.DomainModuleTrainer;
import org.reactvl.examples.host.KeywordRetriever;
import org.reactvl.examples.model.DefaultModel;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.index.retrieval.Retrievers;
import org.reactvl.modules.CustomizationListener;
import org.reactvl.modules.train.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code host-demo}: the host-application example as a command. It does what a service embedding
 * this library does at start-up and per request: load the base model once, build a {@link
 * DomainClassifierService} with one module per domain (read from {@code --modules}, or retrieved
 * with the retriever named by {@code --retriever}, found through {@link Retrievers}, trained and
 * written there on the first run), then classify each {@code --image} in {@code --domain}.
 *
 * <p>Runs as {@code react host-demo ...} or on its own: {@code java -cp react.jar
 * org.reactvl.examples.host.HostDemoCommand --domain animals-47 --image dog.png}.
 */
@Command(
    name = "host-demo",
    mixinStandardHelpOptions = true,
    description = "Classify images in a domain as a host application would: one base model, one REACT module per domain"
        + " (built with a pluggable retriever on the first run and reused after).")
public final class HostDemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--domain", required = true, description = "Domain to classify in: one of animals-47, food-36.")
  String domain;

  @Option(names = "--image", required = true, arity = "1..*", description = "Image file(s) to classify.")
  List<Path> images;

  @Option(names = "--modules", description = "Folder of module folders, one per domain; missing ones are trained and written here"
      + " (default: ~/.cache/react-jvm/modules/<first 12 digits of the model's fingerprint>).")
  Path modules;

  @Option(names = "--model", description = "Base model folder (Hugging Face layout; default: the shipped emoji CLIP).")
  Path model;

  @Option(names = "--retriever", defaultValue = KeywordRetriever.NAME,
      description = "Retriever that finds a missing module's training pairs, by provider name (default: ${DEFAULT-VALUE}).")
  String retriever;

  @Option(names = "--per-class", defaultValue = "" + DomainModuleTrainer.DEFAULT_PER_CLASS,
      description = "Pairs retrieved per class for a missing module (default: ${DEFAULT-VALUE}).")
  int perClass;

  @Option(names = "--steps", defaultValue = "" + DomainModuleTrainer.DEFAULT_STEPS,
      description = "Training steps for a missing module (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--seed", defaultValue = "42", description = "Training seed for a missing module (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--top", defaultValue = "5", description = "Classes shown per image (default: ${DEFAULT-VALUE}).")
  int top;

  /** Runs the command on its own (as {@code react host-demo ARGS}, with the CLI's runtime settings) and exits with its status. */
  public static void main(String[] args) {
    String[] command = new String[args.length + 1];
    command[0] = "host-demo";
    System.arraycopy(args, 0, command, 1, args.length);
    ReactCli.main(command);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Domain target = Arrays.stream(Domain.values()).filter(d -> d.id().equals(domain)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("--domain must be one of " + Arrays.stream(Domain.values()).map(Domain::id).toList() + ", but was '" + domain + "'"));
    try (ClipModel base = model != null ? ClipModel.load(model) : DefaultModel.load()) {
      Path folder = modules != null ? modules : defaultModules(base);
      Retriever pairs = Retrievers.create(retriever, RetrieverContext.of(ClipEmbedder.of(base, ClipTokenizer.load())));
      DomainModuleTrainer trainer = DomainModuleTrainer.builder(pairs, ImagePreprocessor.forModel(base.config()))
          .settings(c -> c.pairsPerClass(perClass).steps(steps).seed(seed).listener(new StepLog(err, target.id()))).build();
      try (DomainClassifierService service = DomainClassifierService.builder(base).modules(folder).domain(target).trainer(trainer).build()) {
        var module = service.module(target.id());
        out.printf("%s: module from %s (%s, gated layers %s, trained on %s)%n", target.id(), folder.resolve(target.id()),
            module.strategy(), module.layers(), module.retrievedSetDigest().map(d -> "retrieved set " + d.substring(0, 12)).orElse("unknown data"));
        for (Path image : images) {
          Classification c = service.classify(target.id(), image, top);
          out.printf("%s%n", image);
          for (Prediction p : c.predictions()) {
            out.printf("  %-16s %.4f%n", p.label(), p.probability());
          }
        }
      }
    }
    return 0;
  }

  private static Path defaultModules(ClipModel base) {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("react-jvm").resolve("modules").resolve(base.fingerprint().substring(0, 12));
  }

  /** A progress line every 10 steps while a missing module trains. */
  private record StepLog(PrintWriter err, String domain) implements CustomizationListener {
    @Override
    public void onStep(TrainingProgress progress) {
      if (progress.step() % 10 == 0 || progress.step() == progress.totalSteps()) {
        err.printf("training the %s module: step %d/%d, loss %.3f%n", domain, progress.step(), progress.totalSteps(), progress.loss());
        err.flush();
      }
    }
  }
}
