package org.reactvl.examples.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.reactvl.core.ReactException;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiCorpus;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.examples.model.DefaultModel;
import org.reactvl.examples.model.DomainEvaluation;
import org.reactvl.examples.model.Pretraining;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.data.TrainingExample;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.Customizer;
import org.reactvl.modules.train.TuningStrategy;

/**
 * The whole REACT story on the emoji corpus, in one run: for each target domain, the base model's
 * zero-shot accuracy on held-out Fluent renderings; class-balanced text-to-image retrieval from the
 * pool (indexed once, shared by the domains); gated-image customization on the retrieved pairs; and
 * zero-shot accuracy again. Two controls run alongside with the same evaluation: the same recipe on
 * as many random pool pairs, and locked-text tuning on the retrieved pairs.
 *
 * <p>It writes, under the settings' output folder: {@code index/} (the pool's image embeddings,
 * reused by a rerun with the same model and pool), {@code retrieved/<domain>.jsonl} (the retrieved
 * sets), {@code modules/<domain>-<arm>/} (each trained module, with its zero-shot figures as
 * metrics), {@code results.json} ({@link ResultsJson}) and {@code report.html} with its images and
 * charts in {@code report/} ({@link HtmlReport}).
 *
 * <p>Every random choice is seeded from the settings' seed (pool sample, random control, training,
 * bootstrap), so a rerun reproduces the figures. Nothing is cherry-picked: each arm is trained and
 * evaluated once, and the report shows every result, including when REACT does not help.
 *
 * <pre>{@code
 * DemoResult result = DemoPipeline.run(DemoSettings.builder(Path.of("target/react-demo")).quick().build(), DemoProgress.none());
 * System.out.print(ResultsTable.format(result));
 * }</pre>
 *
 * <p>Stateless; a run uses the cores through ND4J. Two concurrent runs must use different output folders.
 */
public final class DemoPipeline {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROVENANCE_FILE = "provenance.json";

  private DemoPipeline() {}

  /**
   * Runs the demo and writes its outputs.
   *
   * @throws IllegalArgumentException if a setting does not fit the model or the data (k larger than
   *     the model's vision layers, a domain retrieving fewer than two pairs)
   * @throws ReactException if the model, the corpus or an output cannot be read or written
   */
  public static DemoResult run(DemoSettings settings, DemoProgress progress) {
    long started = System.nanoTime();
    Map<String, Double> seconds = new LinkedHashMap<>();
    createFolder(settings.out());

    progress.stage("Loading the emoji corpus (renders cached in " + settings.cacheDir() + "; a first run renders them)");
    EmojiCorpus corpus = EmojiCorpus.builder().cacheDir(settings.cacheDir()).families(settings.poolFamilies())
        .testFamilies(settings.testFamilies()).build();
    Corpus data = timed(seconds, "corpus", () -> Corpus.load(corpus, settings));
    progress.stage(String.format(Locale.ROOT, "Pool: %d image-text pairs; test sets: %s", data.pool().size(),
        data.tests().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue().size() + " images").collect(Collectors.joining(", "))));

    DemoResult.ModelInfo modelInfo;
    List<DomainResult> domains = new ArrayList<>();
    DemoResult.IndexSummary indexSummary;
    try (ClipModel base = timed(seconds, "model", () -> loadModel(settings))) {
      modelInfo = modelInfo(settings, base);
      progress.stage("Base model " + modelInfo.source() + " (" + base.fingerprint().substring(0, 12) + "), " + base.config().vision().layers()
          + " vision layers");
      Bootstrap bootstrap = new Bootstrap(settings.bootstrapResamples(), settings.seed());
      Map<Domain, ZeroShotReport> baseReports = new EnumMap<>(Domain.class);
      Map<Domain, Double> baseSeconds = new EnumMap<>(Domain.class);
      for (Domain domain : settings.domains()) {
        progress.stage(domain.id() + ": zero-shot accuracy of the base model on " + data.tests().get(domain).size() + " held-out images");
        long t = System.nanoTime();
        baseReports.put(domain, DomainEvaluation.evaluate(base, domain, settings.classesOf(domain), data.tests().get(domain), bootstrap));
        baseSeconds.put(domain, elapsed(t));
      }
      progress.stage("Indexing the pool's " + (settings.retrieval() == RetrievalMode.T2T ? "image and caption" : "image")
          + " embeddings in " + settings.out().resolve("index"));
      long indexStart = System.nanoTime();
      try (PoolIndex index = PoolIndex.open(settings.out().resolve("index"), base, data.pool(),
          settings.retrieval() == RetrievalMode.T2T, progress)) {
        seconds.put("index", elapsed(indexStart));
        indexSummary = new DemoResult.IndexSummary(index.folder(), index.count(), index.indexing().imagesEmbedded());
        for (Domain domain : settings.domains()) {
          DomainRun run = new DomainRun(settings, progress, base, index, data, domain, bootstrap);
          domains.add(run.run(baseReports.get(domain), baseSeconds.get(domain)));
        }
      }
    }
    seconds.put("total", elapsed(started));
    DemoResult result = new DemoResult(settings, modelInfo, indexSummary, domains, seconds, data.credits());
    progress.stage("Writing " + result.resultsFile() + " and " + result.reportFile());
    long reportStart = System.nanoTime();
    HtmlReport.write(result);
    Map<String, Double> withReport = new LinkedHashMap<>(seconds);
    withReport.put("report", elapsed(reportStart));
    withReport.put("total", elapsed(started));
    DemoResult finished = new DemoResult(settings, modelInfo, indexSummary, domains, withReport, data.credits());
    ResultsJson.write(finished, finished.resultsFile());
    return finished;
  }

  /** The pool (sampled if the settings say so) and each domain's test set (restricted to the classes used). */
  private record Corpus(List<EmojiImage> pool, Map<Domain, List<EmojiImage>> tests) {
    static Corpus load(EmojiCorpus corpus, DemoSettings settings) {
      List<EmojiImage> pool = sample(corpus.pool(), settings.poolLimit(), settings.seed());
      Map<Domain, List<EmojiImage>> tests = new EnumMap<>(Domain.class);
      for (Domain domain : settings.domains()) {
        Set<String> classes = Set.copyOf(settings.classesOf(domain));
        List<EmojiImage> test = corpus.testSet(domain).stream().filter(i -> classes.contains(i.label().orElseThrow())).toList();
        if (test.isEmpty()) {
          throw new IllegalArgumentException("the " + domain.id() + " test set must hold images of the classes used " + classes
              + ", but holds none (test families " + settings.testFamilies() + ")");
        }
        tests.put(domain, test);
      }
      return new Corpus(pool, tests);
    }

    /** The attribution of every emoji set the pool and the test sets draw from, in first-use order. */
    List<String> credits() {
      Set<String> lines = new LinkedHashSet<>();
      pool.forEach(i -> lines.add(i.license().attribution()));
      tests.values().forEach(t -> t.forEach(i -> lines.add(i.license().attribution())));
      return List.copyOf(lines);
    }
  }

  /** One domain's retrieval, training and evaluation. */
  private record DomainRun(
      DemoSettings settings, DemoProgress progress, ClipModel base, PoolIndex index, Corpus data, Domain domain, Bootstrap bootstrap) {

    DomainResult run(ZeroShotReport baseReport, double baseSeconds) {
      Map<String, Double> seconds = new LinkedHashMap<>();
      seconds.put("base eval", baseSeconds);
      List<String> classes = settings.classesOf(domain);
      progress.stage(domain.id() + ": retrieving " + settings.perClass() + " pairs per class for " + classes.size() + " classes ("
          + settings.retrieval().label() + ", prompt = class name)");
      RetrievalRequest.Builder request = RetrievalRequest.builder(classes)
          .mode(settings.retrieval())
          .templates(DomainEvaluation.EMOJI_PROMPTS)
          .perQuery(perQuery(settings.perClass()))
          .perClass(settings.perClass());
      if (settings.retrieval() == RetrievalMode.T2T) {
        // Distinct drawings share captions ("dog face" in every family): equal caption vectors are not duplicates.
        // The pool holds each drawing once already.
        request.keepNearDuplicates();
      }
      RetrievedSet retrieved = timed(seconds, "retrieval", () -> index.retrieve(request.build()));
      if (retrieved.size() < 2) {
        throw new IllegalArgumentException("retrieval for " + domain.id() + " must find at least 2 pairs to train on, but found "
            + retrieved.size() + " (pool of " + data.pool().size() + " images)");
      }
      Path retrievedFile = settings.out().resolve("retrieved").resolve(domain.id() + ".jsonl");
      retrieved.write(retrievedFile);
      List<TrainingExample> randomPairs = sample(data.pool(), retrieved.size(), settings.seed() * 31 + domain.ordinal()).stream()
          .map(i -> new TrainingExample(i.id(), i.png(), i.caption())).toList();
      ImagePreprocessor preprocessor = Pretraining.preprocessor(base.config().vision().imageSize());
      Map<String, String> conceptOf = data.pool().stream().collect(Collectors.toMap(EmojiImage::id, EmojiImage::concept));

      List<ArmResult> arms = new ArrayList<>();
      arms.add(ArmResult.base(baseReport));
      for (DemoArm arm : DemoArm.values()) {
        if (arm == DemoArm.BASE) {
          continue;
        }
        PairDataset dataset = arm.trainsOnRetrieved() ? PairDataset.of(retrieved, preprocessor) : PairDataset.of(randomPairs, preprocessor);
        int inDomain = 0;
        for (int i = 0; i < dataset.size(); i++) {
          inDomain += classes.contains(domain.classOf(conceptOf.get(dataset.id(i))).orElse("")) ? 1 : 0;
        }
        arms.add(train(arm, dataset, inDomain, seconds));
      }
      return new DomainResult(domain, classes, data.tests().get(domain).size(), retrieved, retrievedFile,
          classRetrieval(retrieved), arms, seconds);
    }

    private ArmResult train(DemoArm arm, PairDataset dataset, int inDomain, Map<String, Double> seconds) {
      TuningStrategy strategy = arm.strategy().orElseThrow();
      int batch = Math.min(settings.batchSize(), dataset.size());
      progress.stage(String.format(Locale.ROOT, "%s: %s on %d %s pairs (%d epochs, batch %d)", domain.id(), arm.title(), dataset.size(),
          arm.trainsOnRetrieved() ? "retrieved" : "random", settings.epochs(), batch));
      Customizer.Builder builder = Customizer.builder(base).strategy(strategy).batchSize(batch).epochs(settings.epochs()).seed(settings.seed());
      if (strategy.gated()) {
        builder.gatedLayers(settings.gatedLayers()).learningRate(settings.gatedLearningRate());
      } else {
        builder.learningRate(settings.lockedLearningRate());
      }
      CustomizationResult result;
      long t = System.nanoTime();
      try (TrainingTasks tasks = new TrainingTasks(progress, domain.id() + " " + arm.id())) {
        result = builder.listener(tasks).build().fit(dataset);
      }
      seconds.put(arm.id() + " train", elapsed(t));
      ZeroShotReport report;
      try (ClipModel custom = result.applyTo(base)) {
        report = timed(seconds, arm.id() + " eval", () -> DomainEvaluation.evaluate(custom, domain, settings.classesOf(domain),
            data.tests().get(domain), bootstrap));
      }
      Path module = settings.out().resolve("modules").resolve(domain.id() + "-" + arm.id());
      ModuleArtifact.of(result)
          .withMetrics(Map.of("zeroshot.top1", report.top1().estimate(), "zeroshot.top5", report.top5().estimate()))
          .write(module);
      progress.stage(String.format(Locale.ROOT, "%s: %s top-1 %s", domain.id(), arm.title(), report.top1()));
      return new ArmResult(arm, report, dataset.size(), inDomain, Optional.of(result.report()), Optional.of(module));
    }

    private List<DomainResult.ClassRetrieval> classRetrieval(RetrievedSet set) {
      List<DomainResult.ClassRetrieval> out = new ArrayList<>();
      for (var e : set.byClass().entrySet()) {
        List<RetrievedPair> pairs = e.getValue();
        double mean = pairs.stream().mapToDouble(RetrievedPair::score).average().orElse(Double.NaN);
        int onTarget = (int) pairs.stream().filter(p -> isOnTarget(domain, e.getKey(), p.pair())).count();
        out.add(new DomainResult.ClassRetrieval(e.getKey(), pairs.size(), mean, onTarget));
      }
      return out;
    }
  }

  /**
   * Neighbours asked per class-name query: many more than a class keeps, because a pair found by
   * several classes goes to the one that scores it highest and near-duplicates are dropped.
   */
  static int perQuery(int perClass) {
    return Math.min(SearchRequest.MAX_K, Math.max(200, 10 * perClass));
  }

  /** Whether a pool pair shows one of {@code className}'s own emoji concepts. */
  static boolean isOnTarget(Domain domain, String className, ImageTextPair pair) {
    String concept = pair.metadata().get(PoolIndex.CONCEPT_KEY);
    return concept != null && domain.classOf(concept).filter(className::equals).isPresent();
  }

  /** A seeded random sample of {@code n} items (all when n is 0 or covers the list), in the list's order. */
  static <T> List<T> sample(List<T> items, int n, long seed) {
    if (n == 0 || n >= items.size()) {
      return items;
    }
    List<Integer> order = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<Integer> chosen = new ArrayList<>(order.subList(0, n));
    Collections.sort(chosen);
    return chosen.stream().map(items::get).toList();
  }

  private static ClipModel loadModel(DemoSettings settings) {
    return settings.model().map(ClipModel::load).orElseGet(DefaultModel::load);
  }

  private static DemoResult.ModelInfo modelInfo(DemoSettings settings, ClipModel base) {
    Path path = settings.model().orElseGet(DefaultModel::path).toAbsolutePath();
    Map<String, Object> provenance = Map.of();
    Path file = path.resolve(PROVENANCE_FILE);
    if (Files.isRegularFile(file)) {
      try {
        provenance = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
      } catch (IOException e) {
        throw new ReactException("the model's " + PROVENANCE_FILE + " must be a JSON object, but " + file + " could not be read: "
            + e.getMessage(), e);
      }
    }
    return new DemoResult.ModelInfo(settings.model().isPresent() ? path.toString() : DefaultModel.NAME + " (default)", path,
        base.fingerprint(), base.config().toString(), provenance);
  }

  private static void createFolder(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new ReactException("cannot create the output folder " + folder + ": " + e.getMessage(), e);
    }
  }

  private static <T> T timed(Map<String, Double> seconds, String stage, Supplier<T> work) {
    long t = System.nanoTime();
    T value = work.get();
    seconds.put(stage, elapsed(t));
    return value;
  }

  private static double elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
