package org.reactvl.examples.demo;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiCorpus;

/**
 * What a {@link DemoPipeline} run does: where it writes, which model and data it uses, how much it
 * retrieves and how it trains. Every field has a default ({@link #builder}); {@link Builder#quick()}
 * switches to the smaller recipe of {@code react demo --quick}.
 *
 * <p>Slicing for tests and experiments: {@code classLimit} keeps the first classes of each domain,
 * {@code poolLimit} the pool's drawings of those classes topped up with a seeded random sample of the
 * rest, and the family lists choose which emoji sets
 * form the pool and the held-out test sets.
 *
 * <p>Immutable and thread-safe. Example:
 *
 * <pre>{@code
 * DemoSettings settings = DemoSettings.builder(Path.of("target/react-demo")).quick().seed(7).build();
 * }</pre>
 *
 * @param out the output folder (results.json, report.html, modules/, index/)
 * @param model the base model's folder (Hugging Face layout); empty for the shipped default model
 * @param cacheDir the emoji render cache
 * @param domains the target domains, in order, at least one, no repeats
 * @param classLimit the first this many classes of each domain; 0 for all
 * @param poolFamilies the emoji sets of the pool (see {@link EmojiCorpus#POOL_FAMILIES})
 * @param testFamilies the held-out emoji sets the test sets come from (see {@link EmojiCorpus#TEST_FAMILIES})
 * @param validationFamilies the held-out emoji sets the validation sets come from, for recipe choices
 *     (see {@link EmojiCorpus#VALIDATION_FAMILIES})
 * @param poolLimit this many pool images (the classes' own drawings first, then a seeded random sample);
 *     0 for the whole pool
 * @param retrieval how the class names search the pool: T2I (image embeddings, the paper's),
 *     T2T (caption embeddings; with emoji captions that name the emoji, close to string matching),
 *     hybrid (BM25 over caption words fused with T2I) or hybrid-t2t (BM25 fused with T2T; the default,
 *     chosen on the validation split)
 * @param perClass retrieved pairs per class (the random control trains on as many pairs in total)
 * @param epochs passes over the training pairs, each strategy alike
 * @param batchSize pairs per training step, at least 2
 * @param gatedLayers k: gated blocks before the last k vision layers (GATED_IMAGE)
 * @param gatedLearningRate peak learning rate of the GATED_IMAGE runs
 * @param lockedLearningRate peak learning rate of the LOCKED_TEXT run
 * @param seed seeds the pool sample, the random control, training and the bootstrap
 * @param seeds training runs per trained arm, with seeds {@code seed, seed + 1, ...} (the random and
 *     oracle pairs are drawn anew per seed); results report the mean and spread
 * @param bootstrapResamples bootstrap resamples of the 95% intervals, at least 100
 * @param galleryPerClass retrieved images shown per class in the report
 * @param quick whether the {@code --quick} recipe was chosen (recorded in results.json)
 */
public record DemoSettings(
    Path out,
    Optional<Path> model,
    Path cacheDir,
    List<Domain> domains,
    int classLimit,
    List<String> poolFamilies,
    List<String> testFamilies,
    List<String> validationFamilies,
    int poolLimit,
    DemoRetrieval retrieval,
    int perClass,
    int epochs,
    int batchSize,
    int gatedLayers,
    double gatedLearningRate,
    double lockedLearningRate,
    long seed,
    int seeds,
    int bootstrapResamples,
    int galleryPerClass,
    boolean quick) {

  /**
   * Retrieved pairs per class of the default recipe. The pool holds few drawings of any one class
   * (one per design family and concept: 457 for the 47 animals, 277 for the 36 foods), so deeper
   * retrieval mostly adds other concepts. With 16, the default run took 7.4 minutes on two
   * cores with the three arms of the old design, indexing the pool included (about 40 seconds, once
   * per model).
   */
  public static final int DEFAULT_PER_CLASS = 16;
  /** Epochs of the default recipe. */
  public static final int DEFAULT_EPOCHS = 10;
  /** Retrieved pairs per class of the quick recipe (2.5 minutes on two shared cores, indexing included). */
  public static final int QUICK_PER_CLASS = 8;
  /** Epochs of the quick recipe. */
  public static final int QUICK_EPOCHS = 3;
  /** Pairs per step of both recipes. */
  public static final int DEFAULT_BATCH_SIZE = 64;
  /**
   * k of both recipes: half of the small emoji CLIP's four vision layers. k = 4 did no better in one
   * trial and costs twice as much per step; not tuned further.
   */
  public static final int DEFAULT_GATED_LAYERS = 2;
  /**
   * Peak learning rate of the gated runs. Measured with the first shipped model (700 pre-training steps) on food-36, training on
   * the pool's own drawings of the food classes (perfect retrieval; 309 pairs, 40 steps): 1e-3 left
   * top-1 at the base model's 13.5%, 3e-3 gave 19.1%, 1e-2 22.7%. The gates start closed and open
   * slowly at the smaller rates.
   */
  public static final double DEFAULT_GATED_LEARNING_RATE = 1e-2;
  /** Peak learning rate of the locked-text run (18.4% top-1 in the trial above). */
  public static final double DEFAULT_LOCKED_LEARNING_RATE = 1e-4;
  /** Retrieved images per class in the report's gallery. */
  public static final int DEFAULT_GALLERY_PER_CLASS = 12;

  public DemoSettings {
    Objects.requireNonNull(out, "out must not be null");
    Objects.requireNonNull(model, "model must not be null (use Optional.empty() for the default model)");
    Objects.requireNonNull(cacheDir, "cacheDir must not be null");
    domains = List.copyOf(domains);
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("domains must name at least one domain, but was empty");
    }
    if (new HashSet<>(domains).size() != domains.size()) {
      throw new IllegalArgumentException("domains must not repeat a domain, but was " + domains);
    }
    poolFamilies = List.copyOf(poolFamilies);
    testFamilies = List.copyOf(testFamilies);
    validationFamilies = List.copyOf(validationFamilies);
    atLeast("classLimit", classLimit, 0);
    atLeast("poolLimit", poolLimit, 0);
    Objects.requireNonNull(retrieval, "retrieval must not be null");
    atLeast("perClass", perClass, 1);
    atLeast("epochs", epochs, 1);
    atLeast("batchSize", batchSize, 2);
    atLeast("gatedLayers", gatedLayers, 1);
    positive("gatedLearningRate", gatedLearningRate);
    positive("lockedLearningRate", lockedLearningRate);
    atLeast("seeds", seeds, 1);
    atLeast("bootstrapResamples", bootstrapResamples, 100);
    atLeast("galleryPerClass", galleryPerClass, 0);
  }

  /** The default recipe, writing to {@code out}. */
  public static Builder builder(Path out) {
    return new Builder(out);
  }

  /** The classes of {@code domain} this run uses: all of them, or the first {@link #classLimit()}. */
  public List<String> classesOf(Domain domain) {
    List<String> all = domain.classNames();
    return classLimit == 0 || classLimit >= all.size() ? all : all.subList(0, classLimit);
  }

  /** The settings as plain values, for results.json. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", out.toAbsolutePath().toString());
    m.put("model", model.map(p -> p.toAbsolutePath().toString()).orElse("default"));
    m.put("cache_dir", cacheDir.toAbsolutePath().toString());
    m.put("domains", domains.stream().map(Domain::id).toList());
    m.put("class_limit", classLimit);
    m.put("pool_families", poolFamilies);
    m.put("test_families", testFamilies);
    m.put("validation_families", validationFamilies);
    m.put("pool_limit", poolLimit);
    m.put("retrieval", retrieval.label());
    m.put("per_class", perClass);
    m.put("epochs", epochs);
    m.put("batch_size", batchSize);
    m.put("gated_layers", gatedLayers);
    m.put("gated_learning_rate", gatedLearningRate);
    m.put("locked_learning_rate", lockedLearningRate);
    m.put("seed", seed);
    m.put("seeds", seeds);
    m.put("bootstrap_resamples", bootstrapResamples);
    m.put("gallery_per_class", galleryPerClass);
    m.put("quick", quick);
    return m;
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", but was " + value);
    }
  }

  private static void positive(String name, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be a positive number, but was " + value);
    }
  }

  /** Builds {@link DemoSettings}; starts from the default recipe. Not thread-safe. */
  public static final class Builder {
    private final Path out;
    private Path model;
    private Path cacheDir = EmojiCorpus.defaultCacheDir();
    private List<Domain> domains = List.of(Domain.values());
    private int classLimit;
    private List<String> poolFamilies = EmojiCorpus.POOL_FAMILIES;
    private List<String> testFamilies = EmojiCorpus.TEST_FAMILIES;
    private List<String> validationFamilies = EmojiCorpus.VALIDATION_FAMILIES;
    private int poolLimit;
    private DemoRetrieval retrieval = DemoRetrieval.HYBRID_T2T;
    private int perClass = DEFAULT_PER_CLASS;
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int gatedLayers = DEFAULT_GATED_LAYERS;
    private double gatedLearningRate = DEFAULT_GATED_LEARNING_RATE;
    private double lockedLearningRate = DEFAULT_LOCKED_LEARNING_RATE;
    private long seed = 42;
    private int seeds = 1;
    private int bootstrapResamples = 1000;
    private int galleryPerClass = DEFAULT_GALLERY_PER_CLASS;
    private boolean quick;

    private Builder(Path out) {
      this.out = Objects.requireNonNull(out, "out must not be null");
    }

    /**
     * The quick recipe: {@value DemoSettings#QUICK_PER_CLASS} pairs per class, {@value DemoSettings#QUICK_EPOCHS}
     * epochs; setters called later still override.
     */
    public Builder quick() {
      this.quick = true;
      this.perClass = QUICK_PER_CLASS;
      this.epochs = QUICK_EPOCHS;
      return this;
    }

    /** The base model's folder (default: the shipped model). */
    public Builder model(Path model) {
      this.model = Objects.requireNonNull(model, "model must not be null");
      return this;
    }

    /** The emoji render cache (default {@link EmojiCorpus#defaultCacheDir()}). */
    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = cacheDir;
      return this;
    }

    /** The target domains (default all). */
    public Builder domains(List<Domain> domains) {
      this.domains = domains;
      return this;
    }

    /** Only the first {@code classLimit} classes of each domain (default 0: all). */
    public Builder classLimit(int classLimit) {
      this.classLimit = classLimit;
      return this;
    }

    /** The pool's emoji sets (default {@link EmojiCorpus#POOL_FAMILIES}). */
    public Builder poolFamilies(List<String> poolFamilies) {
      this.poolFamilies = poolFamilies;
      return this;
    }

    /** The held-out emoji sets (default {@link EmojiCorpus#TEST_FAMILIES}). */
    public Builder testFamilies(List<String> testFamilies) {
      this.testFamilies = testFamilies;
      return this;
    }

    /** The validation sets' emoji sets (default {@link EmojiCorpus#VALIDATION_FAMILIES}). */
    public Builder validationFamilies(List<String> validationFamilies) {
      this.validationFamilies = validationFamilies;
      return this;
    }

    /** A seeded sample of this many pool images (default 0: the whole pool). */
    public Builder poolLimit(int poolLimit) {
      this.poolLimit = poolLimit;
      return this;
    }

    /** T2I, T2T, hybrid or hybrid-t2t (default) retrieval. */
    public Builder retrieval(DemoRetrieval retrieval) {
      this.retrieval = retrieval;
      return this;
    }

    /** Retrieved pairs per class. */
    public Builder perClass(int perClass) {
      this.perClass = perClass;
      return this;
    }

    /** Passes over the training pairs. */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Pairs per step (default {@value DemoSettings#DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** k (default {@value DemoSettings#DEFAULT_GATED_LAYERS}). */
    public Builder gatedLayers(int gatedLayers) {
      this.gatedLayers = gatedLayers;
      return this;
    }

    /** Peak learning rate of the gated runs (default {@value DemoSettings#DEFAULT_GATED_LEARNING_RATE}). */
    public Builder gatedLearningRate(double rate) {
      this.gatedLearningRate = rate;
      return this;
    }

    /** Peak learning rate of the locked-text run (default {@value DemoSettings#DEFAULT_LOCKED_LEARNING_RATE}). */
    public Builder lockedLearningRate(double rate) {
      this.lockedLearningRate = rate;
      return this;
    }

    /** The run seed (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Training runs per trained arm (default 1). */
    public Builder seeds(int seeds) {
      this.seeds = seeds;
      return this;
    }

    /** Bootstrap resamples (default 1000). */
    public Builder bootstrapResamples(int resamples) {
      this.bootstrapResamples = resamples;
      return this;
    }

    /** Retrieved images per class in the gallery (default {@value DemoSettings#DEFAULT_GALLERY_PER_CLASS}). */
    public Builder galleryPerClass(int galleryPerClass) {
      this.galleryPerClass = galleryPerClass;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public DemoSettings build() {
      return new DemoSettings(out, Optional.ofNullable(model), cacheDir, domains, classLimit, poolFamilies, testFamilies, validationFamilies,
          poolLimit, retrieval, perClass, epochs, batchSize, gatedLayers, gatedLearningRate, lockedLearningRate, seed, seeds, bootstrapResamples,
          galleryPerClass, quick);
    }
  }
}
