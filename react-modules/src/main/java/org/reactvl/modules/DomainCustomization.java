package org.reactvl.modules;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.data.Augmentation;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.Customizer;
import org.reactvl.modules.train.TuningStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REACT in one call: retrieves image-text pairs for a domain's class names with any {@link
 * Retriever}, customizes the base model on them (gated-image tuning unless set) and returns the
 * {@link ModuleArtifact}, whose metadata records the base model's fingerprint and the retrieved set's
 * digest.
 *
 * <pre>{@code
 * ModuleArtifact dogs = DomainCustomization.builder(base, retriever)
 *     .classes(List.of("beagle", "corgi", "husky"))
 *     .pairsPerClass(100)
 *     .epochs(5)
 *     .workFolder(Path.of("work/dogs"))       // resumable: run again after a stop or a crash
 *     .build()
 *     .run();
 * dogs.write(Path.of("modules/dogs"));
 * }</pre>
 *
 * <p>Defaults derive from the base model: images are preprocessed at its image size
 * ({@link ImagePreprocessor#forModel}) and the gated blocks sit before the last half of its vision
 * layers (the paper's 6 of 12). A set retrieved earlier can be trained on directly with {@link
 * #builder(ClipModel, RetrievedSet)}.
 *
 * <p><b>Resuming.</b> With a work folder, the retrieved set is kept there ({@value #RETRIEVED_FILE})
 * and reused by a later run with the same retrieval settings, and training checkpoints every
 * {@link Builder#checkpointEvery} steps; a run stopped by its listener or killed resumes from the
 * latest checkpoint and ends with the module an uninterrupted run would have made.
 *
 * <p>Immutable; {@link #run} may be called repeatedly and concurrently when the retriever and the
 * listener allow it (use a separate work folder per concurrent run).
 */
public final class DomainCustomization {
  /** Pairs retrieved per class unless set. */
  public static final int DEFAULT_PAIRS_PER_CLASS = 50;
  /** Steps between checkpoints in the work folder unless set. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 100;
  /** The retrieved set's file in the work folder. */
  public static final String RETRIEVED_FILE = "retrieved.jsonl";

  private static final Logger LOG = LoggerFactory.getLogger(DomainCustomization.class);
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

  private final ClipModel base;
  private final Retriever retriever;
  private final RetrievedSet retrieved;
  private final RetrievalRequest request;
  private final Customizer customizer;
  private final ImagePreprocessor preprocessor;
  private final Path workFolder;
  private final CustomizationListener listener;

  private DomainCustomization(Builder b) {
    this.base = b.base;
    this.retriever = b.retriever;
    this.retrieved = b.retrieved;
    this.request = b.retriever == null ? null : b.request();
    this.preprocessor = b.preprocessor != null ? b.preprocessor : ImagePreprocessor.forModel(b.base.config());
    checkArgument(
        preprocessor.size() == b.base.config().vision().imageSize(),
        "preprocessor must make %s x %s images for this model, but makes %s x %s",
        b.base.config().vision().imageSize(), b.base.config().vision().imageSize(), preprocessor.size(), preprocessor.size());
    this.workFolder = b.workFolder;
    this.listener = b.listener;
    b.training.listener(b.listener);
    if (b.workFolder != null) {
      b.training.checkpoints(b.workFolder, b.checkpointEvery);
    }
    this.customizer = b.training.build();
  }

  /**
   * A customization of {@code base} (a model without a module) on what {@code retriever} finds for
   * the classes set with {@link Builder#classes}.
   */
  public static Builder builder(ClipModel base, Retriever retriever) {
    return new Builder(base, Objects.requireNonNull(retriever, "retriever must not be null"), null);
  }

  /** A customization of {@code base} on a set retrieved earlier (its classes are the set's). */
  public static Builder builder(ClipModel base, RetrievedSet retrieved) {
    return new Builder(base, null, Objects.requireNonNull(retrieved, "retrieved set must not be null"));
  }

  /**
   * Retrieves (or reuses the work folder's set), trains and returns the module.
   *
   * @throws IllegalArgumentException if fewer than two pairs are retrieved (naming the classes
   *     nothing was found for), the settings do not fit the data, or the work folder holds a set
   *     retrieved with other settings
   * @throws CustomizationCancelledException if the listener asked to stop
   * @throws org.reactvl.core.ReactException if training diverges or a file cannot be read or written
   */
  public ModuleArtifact run() {
    RetrievedSet set = retrieved != null ? retrieved : retrieve();
    checkArgument(set.size() >= 2, "%s must find at least 2 pairs to train on, but found %s; classes without pairs: %s",
        retriever != null ? "retriever '" + retriever.name() + "'" : "the retrieved set", set.size(), emptyClasses(set));
    if (FINGERPRINT.matcher(set.info().model()).matches() && !set.info().model().equals(base.fingerprint())) {
      LOG.warn("the retrieved set was searched in the space of model {}, but trains model {}", set.info().model(), base.fingerprint());
    }
    CustomizationResult result = customizer.fit(PairDataset.of(set, preprocessor));
    if (!result.report().completed()) {
      throw new CustomizationCancelledException(result.report().stepsDone(), result.report().totalSteps(), workFolder);
    }
    return ModuleArtifact.of(result);
  }

  private RetrievedSet retrieve() {
    cancelIfRequested();
    Path file = workFolder == null ? null : workFolder.resolve(RETRIEVED_FILE);
    RetrievedSet set;
    if (file != null && Files.isRegularFile(file)) {
      set = RetrievedSet.read(file);
      // What every retriever records as the request asked (the RetrieverContract checks it).
      String expected = describe(retriever.name(), request.mode(), request.classes(), request.perClass());
      String found = describe(set.info().retriever(), set.info().mode(), set.info().classes(), set.info().perClass());
      checkArgument(
          expected.equals(found),
          "work folder '%s' must hold a set retrieved with this customization's settings (%s) to resume, but holds one retrieved with (%s);"
              + " use another work folder",
          workFolder, expected, found);
    } else {
      listener.onRetrievalStarted(retriever.name(), request.classes().size());
      set = retriever.retrieve(request);
      if (file != null) {
        set.write(file);
      }
    }
    listener.onRetrieved(set);
    List<String> empty = emptyClasses(set);
    if (!empty.isEmpty() && set.size() >= 2) {
      LOG.warn("retriever '{}' found no pairs for {} of {} classes: {}", retriever.name(), empty.size(), set.classes().size(), empty);
    }
    cancelIfRequested();
    return set;
  }

  private static String describe(String retriever, RetrievalMode mode, List<String> classes, int perClass) {
    return "retriever " + retriever + ", mode " + mode.label() + ", classes " + classes + ", " + perClass + " per class";
  }

  private void cancelIfRequested() {
    if (listener.stopRequested()) {
      throw new CustomizationCancelledException(0, 0, workFolder);
    }
  }

  private static List<String> emptyClasses(RetrievedSet set) {
    return set.byClass().entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  /** Settings of a {@link DomainCustomization}; not thread-safe. */
  public static final class Builder {
    private final ClipModel base;
    private final Retriever retriever;
    private final RetrievedSet retrieved;
    private List<String> classes;
    private PromptTemplates templates;
    private Integer pairsPerClass;
    private RetrievalMode mode;
    private final Customizer.Builder training;
    private ImagePreprocessor preprocessor;
    private Path workFolder;
    private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
    private CustomizationListener listener = new CustomizationListener() {};

    private Builder(ClipModel base, Retriever retriever, RetrievedSet retrieved) {
      Objects.requireNonNull(base, "base model must not be null");
      checkArgument(base.module().isEmpty(), "the base model must not have a gated module attached");
      this.base = base;
      this.retriever = retriever;
      this.retrieved = retrieved;
      this.training = Customizer.builder(base);
    }

    /** The domain's class names, the retrieval queries (required with a retriever). */
    public Builder classes(List<String> classes) {
      this.classes = List.copyOf(Objects.requireNonNull(classes, "classes must not be null"));
      return this;
    }

    /** Query templates for text retrieval (default {@link PromptTemplates#simple()}). */
    public Builder templates(PromptTemplates templates) {
      this.templates = Objects.requireNonNull(templates, "templates must not be null");
      return this;
    }

    /** Pairs kept per class (default {@value DomainCustomization#DEFAULT_PAIRS_PER_CLASS}). */
    public Builder pairsPerClass(int pairsPerClass) {
      checkArgument(pairsPerClass > 0, "pairsPerClass must be positive, but was %s", pairsPerClass);
      this.pairsPerClass = pairsPerClass;
      return this;
    }

    /** What the class-name queries search: captions (T2T) or images (T2I, the default). */
    public Builder retrievalMode(RetrievalMode mode) {
      Objects.requireNonNull(mode, "retrieval mode must not be null");
      checkArgument(mode.textQueries(), "retrieval mode must query with class names (T2I or T2T), but was %s", mode);
      this.mode = mode;
      return this;
    }

    /** Which weights train (default GATED_IMAGE, REACT's). */
    public Builder strategy(TuningStrategy strategy) {
      training.strategy(strategy);
      return this;
    }

    /** k: gated blocks before the last k vision layers (default {@link org.reactvl.core.gated.GatedBlockConfig#defaultLastK} of the model's vision layers). */
    public Builder gatedLayers(int k) {
      training.gatedLayers(k);
      return this;
    }

    /** Passes over the retrieved pairs (default {@value Customizer#DEFAULT_EPOCHS}); ignored when steps are set. */
    public Builder epochs(int epochs) {
      training.epochs(epochs);
      return this;
    }

    /** Optimizer steps in total, instead of epochs. */
    public Builder steps(int steps) {
      training.steps(steps);
      return this;
    }

    /**
     * Pairs per step (default {@value Customizer#DEFAULT_BATCH_SIZE}, or all pairs when fewer were
     * retrieved; a batch size set here must not exceed the pairs retrieved).
     */
    public Builder batchSize(int batchSize) {
      training.batchSize(batchSize);
      return this;
    }

    /** Peak learning rate (default: the customizer's, 5e-4, or 5e-5 for LOCKED_TEXT). */
    public Builder learningRate(double learningRate) {
      training.learningRate(learningRate);
      return this;
    }

    /** The training seed (default 42). */
    public Builder seed(long seed) {
      training.seed(seed);
      return this;
    }

    /** Image augmentation (default none, which lets training cache the frozen layers). */
    public Builder augmentation(Augmentation augmentation) {
      training.augmentation(augmentation);
      return this;
    }

    /** How retrieved images become pixels (default {@link ImagePreprocessor#forModel} of the base). */
    public Builder preprocessor(ImagePreprocessor preprocessor) {
      this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor must not be null");
      return this;
    }

    /**
     * A folder for the retrieved set, checkpoints and temporary files; running the same
     * customization again with it resumes (default: none, temporary files in java.io.tmpdir).
     */
    public Builder workFolder(Path workFolder) {
      this.workFolder = Objects.requireNonNull(workFolder, "work folder must not be null");
      return this;
    }

    /** Steps between checkpoints in the work folder (default {@value DomainCustomization#DEFAULT_CHECKPOINT_EVERY}). */
    public Builder checkpointEvery(int steps) {
      checkArgument(steps > 0, "checkpointEvery must be positive, but was %s", steps);
      this.checkpointEvery = steps;
      return this;
    }

    /** Receives retrieval and training progress and may cancel the run. */
    public Builder listener(CustomizationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * The customization.
     *
     * @throws IllegalArgumentException if a retriever was given without classes, or retrieval
     *     settings were given with an already retrieved set
     */
    public DomainCustomization build() {
      if (retriever != null) {
        checkArgument(classes != null, "classes must be set to retrieve with '%s', but were not", retriever.name());
      } else {
        checkArgument(classes == null && templates == null && pairsPerClass == null && mode == null,
            "classes, templates, pairsPerClass and retrievalMode apply to retrieval, but this customization trains on a set retrieved"
                + " already");
      }
      return new DomainCustomization(this);
    }

    private RetrievalRequest request() {
      int perClass = pairsPerClass != null ? pairsPerClass : DEFAULT_PAIRS_PER_CLASS;
      return RetrievalRequest.builder(classes)
          .mode(mode != null ? mode : RetrievalMode.T2I)
          .templates(templates != null ? templates : PromptTemplates.simple())
          // A pair found by several classes goes to the best-scoring one: ask for more than a class keeps.
          .perQuery(Math.min(SearchRequest.MAX_K, Math.max(200, 10 * perClass)))
          .perClass(perClass)
          .build();
    }
  }
}
