package org.reactvl.examples.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import org.reactvl.modules.eval.Interval;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.Customizer;
import org.reactvl.modules.train.TuningStrategy;

/**
 * The whole REACT story on the emoji corpus, in one run, shaped like the paper's experiment: for
 * each target domain, the base model's zero-shot accuracy on held-out Fluent renderings (test) and
 * Streamline renderings (validation); class-balanced retrieval from the pool (indexed once, shared
 * by the domains; T2I, T2T, or BM25 fused with either); gated-image customization on the retrieved pairs;
 * and zero-shot accuracy again. Three arms run alongside with the same evaluation: the same recipe on
 * as many random pool pairs, locked-text tuning on the retrieved pairs, and the same recipe on the
 * pool's own drawings of each class (oracle: perfect retrieval at the same budget, the ceiling).
 *
 * <p>Arms are compared by paired bootstrap differences on the same images (REACT minus base, minus
 * random pairs, ...), on the test and on the validation images; recipe choices are to be made on the
 * validation figures only. With {@code seeds > 1} every trained arm is trained once per seed and its
 * figures are means over seeds (with their spread).
 *
 * <p>It writes, under the settings' output folder: {@code index/} (the pool's image embeddings and
 * caption words, reused by a rerun with the same model and pool), {@code retrieved/<domain>.jsonl}
 * (the retrieved sets), {@code modules/<domain>-<arm>/} (each trained module of the first seed, with
 * its zero-shot figures as metrics; later seeds in {@code <domain>-<arm>-seed-<n>/}), {@code
 * results.json} ({@link ResultsJson}) and {@code report.html} with its images and charts in {@code
 * report/} ({@link HtmlReport}).
 *
 * <p>Every random choice is seeded from the settings' seed (pool sample, random and oracle pairs,
 * training, bootstrap), so a rerun reproduces the figures. Nothing is cherry-picked: each arm and
 * seed is trained and evaluated once, and the report shows every result, including when REACT does
 * not help.
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
  /** The paired comparisons every domain reports, in order. */
  private static final List<DemoArm[]> COMPARISONS = List.of(
      new DemoArm[] {DemoArm.REACT_GATED, DemoArm.BASE},
      new DemoArm[] {DemoArm.REACT_GATED, DemoArm.RANDOM_GATED},
      new DemoArm[] {DemoArm.LOCKED_TEXT, DemoArm.BASE},
      new DemoArm[] {DemoArm.RANDOM_GATED, DemoArm.BASE},
      new DemoArm[] {DemoArm.ORACLE_GATED, DemoArm.BASE},
      new DemoArm[] {DemoArm.REACT_GATED, DemoArm.ORACLE_GATED});

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
        .testFamilies(settings.testFamilies()).validationFamilies(settings.validationFamilies()).build();
    Corpus data = timed(seconds, "corpus", () -> Corpus.load(corpus, settings));
    progress.stage(String.format(Locale.ROOT, "Pool: %d image-text pairs; test sets: %s; validation sets: %s", data.pool().size(),
        data.tests().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue().size() + " images").collect(Collectors.joining(", ")),
        data.validations().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue().size() + " images")
            .collect(Collectors.joining(", "))));

    DemoResult.ModelInfo modelInfo;
    List<DomainResult> domains = new ArrayList<>();
    DemoResult.IndexSummary indexSummary;
    try (ClipModel base = timed(seconds, "model", () -> loadModel(settings))) {
      modelInfo = modelInfo(settings, base);
      progress.stage("Base model " + modelInfo.source() + " (" + base.fingerprint().substring(0, 12) + "), " + base.config().vision().layers()
          + " vision layers");
      Bootstrap bootstrap = new Bootstrap(settings.bootstrapResamples(), settings.seed());
      Map<Domain, ArmResult> baseResults = new EnumMap<>(Domain.class);
      Map<Domain, Double> baseSeconds = new EnumMap<>(Domain.class);
      for (Domain domain : settings.domains()) {
        progress.stage(domain.id() + ": zero-shot accuracy of the base model on " + data.tests().get(domain).size() + " held-out test and "
            + data.validations().get(domain).size() + " validation images");
        long t = System.nanoTime();
        Evaluation eval = new Evaluation(settings, data, domain, bootstrap);
        baseResults.put(domain, ArmResult.base(eval.test(List.of(eval.testReport(base))), eval.validation(Collections.singletonList(eval.validationReport(base)))));
        baseSeconds.put(domain, elapsed(t));
      }
      progress.stage("Indexing the pool's image" + (settings.retrieval().mode() == RetrievalMode.T2T ? " and caption" : "")
          + " embeddings and caption words in " + settings.out().resolve("index"));
      long indexStart = System.nanoTime();
      try (PoolIndex index = PoolIndex.open(settings.out().resolve("index"), base, data.pool(),
          settings.retrieval().mode() == RetrievalMode.T2T, progress)) {
        seconds.put("index", elapsed(indexStart));
        indexSummary = new DemoResult.IndexSummary(index.folder(), index.count(), index.indexing().imagesEmbedded());
        for (Domain domain : settings.domains()) {
          DomainRun run = new DomainRun(settings, progress, base, index, data, domain, new Evaluation(settings, data, domain, bootstrap));
          domains.add(run.run(baseResults.get(domain), baseSeconds.get(domain)));
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

  /** The pool (sampled if the settings say so) and each domain's test and validation sets (restricted to the classes used). */
  private record Corpus(List<EmojiImage> pool, Map<Domain, List<EmojiImage>> tests, Map<Domain, List<EmojiImage>> validations) {
    static Corpus load(EmojiCorpus corpus, DemoSettings settings) {
      List<EmojiImage> pool = slicePool(corpus.pool(), settings);
      Map<Domain, List<EmojiImage>> tests = new EnumMap<>(Domain.class);
      Map<Domain, List<EmojiImage>> validations = new EnumMap<>(Domain.class);
      for (Domain domain : settings.domains()) {
        Set<String> classes = Set.copyOf(settings.classesOf(domain));
        List<EmojiImage> test = corpus.testSet(domain).stream().filter(i -> classes.contains(i.label().orElseThrow())).toList();
        if (test.isEmpty()) {
          throw new IllegalArgumentException("the " + domain.id() + " test set must hold images of the classes used " + classes
              + ", but holds none (test families " + settings.testFamilies() + ")");
        }
        tests.put(domain, test);
        validations.put(domain, corpus.validationSet(domain).stream().filter(i -> classes.contains(i.label().orElseThrow())).toList());
      }
      return new Corpus(pool, tests, validations);
    }

    /** The attribution of every emoji set the pool, test and validation sets draw from, in first-use order. */
    List<String> credits() {
      Set<String> lines = new LinkedHashSet<>();
      pool.forEach(i -> lines.add(i.license().attribution()));
      tests.values().forEach(t -> t.forEach(i -> lines.add(i.license().attribution())));
      validations.values().forEach(t -> t.forEach(i -> lines.add(i.license().attribution())));
      return List.copyOf(lines);
    }
  }

  /** Zero-shot evaluation of one domain's test and validation images. */
  private record Evaluation(DemoSettings settings, Corpus data, Domain domain, Bootstrap bootstrap) {
    ZeroShotReport testReport(ClipModel model) {
      return DomainEvaluation.evaluate(model, domain, settings.classesOf(domain), data.tests().get(domain), bootstrap);
    }

    /** Null when there are no validation images of the classes used (the runs' list then holds nulls). */
    ZeroShotReport validationReport(ClipModel model) {
      List<EmojiImage> images = data.validations().get(domain);
      return images.isEmpty() ? null : DomainEvaluation.evaluate(model, domain, settings.classesOf(domain), images, bootstrap);
    }

    ArmScores test(List<ZeroShotReport> runs) {
      return ArmScores.of(runs, bootstrap);
    }

    Optional<ArmScores> validation(List<ZeroShotReport> runs) {
      return runs.stream().anyMatch(Objects::isNull) ? Optional.empty() : Optional.of(ArmScores.of(runs, bootstrap));
    }
  }

  /** What one arm trains on in one seed's run, with each pair's class (null for random pairs) and concept. */
  private record TrainingPairs(PairDataset dataset, List<String> classOf, List<String> conceptOf) {}

  /** One domain's retrieval, training and evaluation. */
  private record DomainRun(
      DemoSettings settings, DemoProgress progress, ClipModel base, PoolIndex index, Corpus data, Domain domain, Evaluation eval) {

    DomainResult run(ArmResult baseResult, double baseSeconds) {
      Map<String, Double> seconds = new LinkedHashMap<>();
      seconds.put("base eval", baseSeconds);
      List<String> classes = settings.classesOf(domain);
      progress.stage(domain.id() + ": retrieving " + settings.perClass() + " pairs per class for " + classes.size() + " classes ("
          + settings.retrieval().label() + ", prompt = class name)");
      RetrievalRequest.Builder request = RetrievalRequest.builder(classes)
          .mode(settings.retrieval().mode())
          .templates(DomainEvaluation.EMOJI_PROMPTS)
          .perQuery(perQuery(settings.perClass()))
          .perClass(settings.perClass());
      if (settings.retrieval().mode() == RetrievalMode.T2T) {
        // Distinct drawings share captions ("dog face" in every family): equal caption vectors are not duplicates.
        // The pool holds each drawing once already.
        request.keepNearDuplicates();
      }
      RetrievedSet retrieved = timed(seconds, "retrieval", () -> index.retrieve(settings.retrieval().retriever(), request.build()));
      if (retrieved.size() < 2) {
        throw new IllegalArgumentException("retrieval for " + domain.id() + " must find at least 2 pairs to train on, but found "
            + retrieved.size() + " (pool of " + data.pool().size() + " images)");
      }
      Path retrievedFile = settings.out().resolve("retrieved").resolve(domain.id() + ".jsonl");
      retrieved.write(retrievedFile);
      ImagePreprocessor preprocessor = Pretraining.preprocessor(base.config().vision().imageSize());
      Map<String, String> conceptOf = data.pool().stream().collect(Collectors.toMap(EmojiImage::id, EmojiImage::concept));
      TrainingPairs retrievedPairs = new TrainingPairs(PairDataset.of(retrieved, preprocessor),
          retrieved.pairs().stream().map(RetrievedPair::className).toList(),
          retrieved.pairs().stream().map(p -> conceptOf.get(p.id())).toList());

      List<ArmResult> arms = new ArrayList<>();
      arms.add(baseResult);
      for (DemoArm arm : DemoArm.values()) {
        if (arm != DemoArm.BASE) {
          arms.add(trainArm(arm, retrievedPairs, retrieved, preprocessor, seconds));
        }
      }
      Map<DemoArm, ArmResult> byArm = new EnumMap<>(DemoArm.class);
      arms.forEach(a -> byArm.put(a.arm(), a));
      List<DomainResult.Comparison> comparisons = new ArrayList<>();
      for (int i = 0; i < COMPARISONS.size(); i++) {
        DemoArm arm = COMPARISONS.get(i)[0];
        DemoArm against = COMPARISONS.get(i)[1];
        ArmResult a = byArm.get(arm);
        ArmResult b = byArm.get(against);
        long stream = 100L + 2L * i;
        Optional<Interval> validation = a.validation().isPresent() && b.validation().isPresent()
            ? Optional.of(eval.bootstrap().pairedDifference(a.validation().get().outcomeArray(), b.validation().get().outcomeArray(), stream + 1))
            : Optional.empty();
        comparisons.add(new DomainResult.Comparison(arm, against,
            eval.bootstrap().pairedDifference(a.test().outcomeArray(), b.test().outcomeArray(), stream), validation));
      }
      return new DomainResult(domain, classes, data.tests().get(domain).size(), data.validations().get(domain).size(), retrieved,
          retrievedFile, classRetrieval(retrieved), arms, comparisons, seconds);
    }

    /** Trains {@code arm} once per seed and evaluates each run on the test and validation images. */
    private ArmResult trainArm(DemoArm arm, TrainingPairs retrievedPairs, RetrievedSet retrieved, ImagePreprocessor preprocessor,
        Map<String, Double> seconds) {
      List<ZeroShotReport> tests = new ArrayList<>();
      List<ZeroShotReport> validations = new ArrayList<>();
      TrainingPairs first = null;
      CustomizationResult firstResult = null;
      Path firstModule = null;
      for (int s = 0; s < settings.seeds(); s++) {
        long seed = settings.seed() + s;
        TrainingPairs pairs = switch (arm) {
          case REACT_GATED, LOCKED_TEXT -> retrievedPairs;
          case RANDOM_GATED -> randomPairs(retrieved.size(), seed, preprocessor);
          case ORACLE_GATED -> oraclePairs(retrieved, seed, preprocessor);
          case BASE -> throw new IllegalArgumentException("the base model does not train");
        };
        String suffix = s == 0 ? "" : "-seed-" + seed;
        CustomizationResult result = train(arm, pairs.dataset(), seed, suffix, seconds);
        ZeroShotReport test;
        ZeroShotReport validation;
        try (ClipModel custom = result.applyTo(base)) {
          test = timed(seconds, arm.id() + suffix + " eval", () -> eval.testReport(custom));
          validation = eval.validationReport(custom);
        }
        Path module = settings.out().resolve("modules").resolve(domain.id() + "-" + arm.id() + suffix);
        Map<String, Double> metrics = new LinkedHashMap<>(Map.of("zeroshot.top1", test.top1().estimate(), "zeroshot.top5", test.top5().estimate()));
        if (validation != null) {
          metrics.put("validation.top1", validation.top1().estimate());
        }
        ModuleArtifact.of(result).withMetrics(metrics).write(module);
        progress.stage(String.format(Locale.ROOT, "%s: %s (seed %d) top-1 %s", domain.id(), arm.title(), seed, test.top1()));
        tests.add(test);
        validations.add(validation);
        if (s == 0) {
          first = pairs;
          firstResult = result;
          firstModule = module;
        }
      }
      int inDomain = 0;
      int onTarget = 0;
      for (int i = 0; i < first.conceptOf().size(); i++) {
        Optional<String> shown = domain.classOf(first.conceptOf().get(i)).filter(settings.classesOf(domain)::contains);
        String assigned = first.classOf().get(i);
        inDomain += shown.isPresent() ? 1 : 0;
        onTarget += shown.isPresent() && (assigned == null || shown.get().equals(assigned)) ? 1 : 0;
      }
      return new ArmResult(arm, eval.test(tests), eval.validation(validations), first.dataset().size(), inDomain, onTarget,
          perClass(first), Optional.of(firstResult.report()), Optional.of(firstModule));
    }

    private CustomizationResult train(DemoArm arm, PairDataset dataset, long seed, String suffix, Map<String, Double> seconds) {
      TuningStrategy strategy = arm.strategy().orElseThrow();
      int batch = Math.min(settings.batchSize(), dataset.size());
      progress.stage(String.format(Locale.ROOT, "%s: %s on %d pairs (%d epochs, batch %d, seed %d)", domain.id(), arm.title(), dataset.size(),
          settings.epochs(), batch, seed));
      Customizer.Builder builder = Customizer.builder(base).strategy(strategy).batchSize(batch).epochs(settings.epochs()).seed(seed);
      if (strategy.gated()) {
        builder.gatedLayers(settings.gatedLayers()).learningRate(settings.gatedLearningRate());
      } else {
        builder.learningRate(settings.lockedLearningRate());
      }
      long t = System.nanoTime();
      CustomizationResult result;
      try (TrainingTasks tasks = new TrainingTasks(progress, domain.id() + " " + arm.id() + suffix)) {
        result = builder.listener(tasks).build().fit(dataset);
      }
      seconds.put(arm.id() + suffix + " train", elapsed(t));
      return result;
    }

    /** As many random pool pairs as were retrieved, drawn anew per seed; they have no class. */
    private TrainingPairs randomPairs(int n, long seed, ImagePreprocessor preprocessor) {
      List<EmojiImage> images = sample(data.pool(), n, seed * 31 + domain.ordinal());
      List<String> noClass = new ArrayList<>(Collections.nCopies(images.size(), (String) null));
      return new TrainingPairs(PairDataset.of(images.stream().map(i -> new TrainingExample(i.id(), i.png(), i.caption())).toList(), preprocessor),
          noClass, images.stream().map(EmojiImage::concept).toList());
    }

    /** Per class, as many of the pool's own drawings of the class as REACT retrieved for it (fewer if the pool has fewer). */
    private TrainingPairs oraclePairs(RetrievedSet retrieved, long seed, ImagePreprocessor preprocessor) {
      Map<String, List<EmojiImage>> own = new LinkedHashMap<>();
      for (EmojiImage image : data.pool()) {
        domain.classOf(image.concept()).filter(settings.classesOf(domain)::contains)
            .ifPresent(c -> own.computeIfAbsent(c, k -> new ArrayList<>()).add(image));
      }
      List<TrainingExample> examples = new ArrayList<>();
      List<String> classOf = new ArrayList<>();
      List<String> conceptOf = new ArrayList<>();
      Map<String, List<RetrievedPair>> byClass = retrieved.byClass();
      for (String c : settings.classesOf(domain)) {
        int budget = byClass.getOrDefault(c, List.of()).size();
        if (budget == 0) {
          continue;
        }
        for (EmojiImage image : sample(own.getOrDefault(c, List.of()), budget, seed * 31 + c.hashCode())) {
          examples.add(new TrainingExample(image.id(), image.png(), image.caption()));
          classOf.add(c);
          conceptOf.add(image.concept());
        }
      }
      if (examples.size() < 2) {
        throw new IllegalArgumentException("the oracle arm of " + domain.id() + " must have at least 2 pairs of the domain's own drawings to"
            + " train on, but the pool has " + examples.size());
      }
      return new TrainingPairs(PairDataset.of(examples, preprocessor), classOf, conceptOf);
    }

    /** Per class, pairs and pairs on target of a training set; empty for random pairs, which have no class. */
    private List<DomainResult.ClassRetrieval> perClass(TrainingPairs pairs) {
      if (pairs.classOf().stream().allMatch(Objects::isNull)) {
        return List.of();
      }
      List<DomainResult.ClassRetrieval> out = new ArrayList<>();
      for (String c : settings.classesOf(domain)) {
        int n = 0;
        int onTarget = 0;
        for (int i = 0; i < pairs.classOf().size(); i++) {
          if (c.equals(pairs.classOf().get(i))) {
            n++;
            onTarget += domain.classOf(pairs.conceptOf().get(i)).filter(c::equals).isPresent() ? 1 : 0;
          }
        }
        out.add(new DomainResult.ClassRetrieval(c, n, Double.NaN, onTarget));
      }
      return out;
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

  /**
   * The pool a run uses: all of it, or with a pool limit, the pool's own drawings of the classes used
   * (so that retrieval and the oracle have something to find) topped up with a seeded random sample
   * of the rest, in pool order.
   */
  static List<EmojiImage> slicePool(List<EmojiImage> pool, DemoSettings settings) {
    if (settings.poolLimit() == 0 || settings.poolLimit() >= pool.size()) {
      return pool;
    }
    List<EmojiImage> own = new ArrayList<>();
    List<EmojiImage> rest = new ArrayList<>();
    for (EmojiImage image : pool) {
      boolean used = settings.domains().stream()
          .anyMatch(d -> d.classOf(image.concept()).filter(settings.classesOf(d)::contains).isPresent());
      (used ? own : rest).add(image);
    }
    Set<EmojiImage> chosen = new HashSet<>(sample(own, Math.min(own.size(), settings.poolLimit()), settings.seed()));
    if (chosen.size() < settings.poolLimit()) {
      chosen.addAll(sample(rest, settings.poolLimit() - chosen.size(), settings.seed()));
    }
    return pool.stream().filter(chosen::contains).toList();
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
