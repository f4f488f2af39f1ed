package org.reactvl.examples.host;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.examples.model.DomainEvaluation;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.Customizer;
import org.reactvl.modules.train.TrainingListener;
import org.reactvl.modules.train.TuningStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a domain's REACT module from nothing but its class names: class-balanced text-to-text
 * retrieval with any {@link Retriever}, then GATED_IMAGE customization of the base model on the
 * retrieved pairs' images and captions. The result is a {@link ModuleArtifact} to write and reuse.
 *
 * <pre>{@code
 * DomainModuleTrainer trainer = DomainModuleTrainer.builder(KeywordRetriever.over(pairs), preprocessor).steps(50).build();
 * ModuleArtifact animals = trainer.train(base, "animals-47", Domain.ANIMALS_47.classNames());
 * animals.write(Path.of("modules/animals-47"));
 * }</pre>
 *
 * <p>Immutable; thread-safe when its retriever and listener are (concurrent {@code train} calls run
 * independently).
 */
public final class DomainModuleTrainer {
  /** Pairs retrieved per class unless set. */
  public static final int DEFAULT_PER_CLASS = 16;
  /** Optimizer steps unless set: few, so a first start stays short. */
  public static final int DEFAULT_STEPS = 50;
  /** Pairs per step unless set (fewer when fewer pairs were retrieved). */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private static final Logger LOG = LoggerFactory.getLogger(DomainModuleTrainer.class);

  private final Retriever retriever;
  private final ImagePreprocessor preprocessor;
  private final PromptTemplates queries;
  private final int perClass;
  private final int steps;
  private final int batchSize;
  private final int gatedLayers;
  private final double learningRate;
  private final long seed;
  private final Path workDirectory;
  private final TrainingListener listener;

  private DomainModuleTrainer(Builder b) {
    this.retriever = b.retriever;
    this.preprocessor = b.preprocessor;
    this.queries = b.queries;
    this.perClass = b.perClass;
    this.steps = b.steps;
    this.batchSize = b.batchSize;
    this.gatedLayers = b.gatedLayers;
    this.learningRate = b.learningRate;
    this.seed = b.seed;
    this.workDirectory = b.workDirectory;
    this.listener = b.listener;
  }

  /**
   * A builder for a trainer that retrieves with {@code retriever} and preprocesses the retrieved
   * images with {@code preprocessor} (which must produce the base model's image size).
   */
  public static Builder builder(Retriever retriever, ImagePreprocessor preprocessor) {
    return new Builder(retriever, preprocessor);
  }

  /** The retriever's name. */
  public String retrieverName() {
    return retriever.name();
  }

  /**
   * Retrieves pairs for {@code classNames} and trains a GATED_IMAGE module on them for {@code base}.
   *
   * @param domain names the domain in messages and logs
   * @throws IllegalArgumentException if fewer than two pairs are retrieved (the message lists the
   *     classes nothing was found for), or the preprocessor's size is not the model's
   */
  public ModuleArtifact train(ClipModel base, String domain, List<String> classNames) {
    Objects.requireNonNull(base, "base model must not be null");
    RetrievalRequest request = RetrievalRequest.builder(classNames)
        .mode(RetrievalMode.T2T)
        .templates(queries)
        .perQuery(Math.min(perClass, SearchRequest.MAX_K))
        .perClass(perClass)
        .build();
    RetrievedSet set = retriever.retrieve(request);
    List<String> empty = set.byClass().entrySet().stream().filter(e -> e.getValue().isEmpty()).map(java.util.Map.Entry::getKey).toList();
    if (set.size() < 2) {
      throw new IllegalArgumentException("retriever '" + retriever.name() + "' must find at least 2 pairs to train a module for domain '"
          + domain + "', but found " + set.size() + "; classes without pairs: " + empty);
    }
    if (!empty.isEmpty()) {
      LOG.warn("Domain {}: retriever '{}' found no pairs for {} of {} classes: {}", domain, retriever.name(), empty.size(), classNames.size(), empty);
    }
    PairDataset data = PairDataset.of(set, preprocessor);
    int layers = base.config().vision().layers();
    Customizer.Builder customizer = Customizer.builder(base)
        .strategy(TuningStrategy.GATED_IMAGE)
        .gatedLayers(gatedLayers > 0 ? Math.min(gatedLayers, layers) : Math.max(1, layers / 2))
        .batchSize(Math.min(batchSize, data.size()))
        .steps(steps)
        .seed(seed)
        .listener(listener);
    if (learningRate > 0) {
      customizer.learningRate(learningRate);
    }
    if (workDirectory != null) {
      customizer.workDirectory(workDirectory);
    }
    LOG.info("Domain {}: training a GATED_IMAGE module on {} retrieved pairs ({} steps)", domain, set.size(), steps);
    CustomizationResult result = customizer.build().fit(data);
    return ModuleArtifact.of(result);
  }

  /** Settings of a {@link DomainModuleTrainer}; not thread-safe. */
  public static final class Builder {
    private final Retriever retriever;
    private final ImagePreprocessor preprocessor;
    private PromptTemplates queries = DomainEvaluation.EMOJI_PROMPTS;
    private int perClass = DEFAULT_PER_CLASS;
    private int steps = DEFAULT_STEPS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int gatedLayers;
    private double learningRate;
    private long seed = 42;
    private Path workDirectory;
    private TrainingListener listener = new TrainingListener() {};

    private Builder(Retriever retriever, ImagePreprocessor preprocessor) {
      this.retriever = Objects.requireNonNull(retriever, "retriever must not be null");
      this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor must not be null");
    }

    /** Query templates for retrievers that embed queries (default: the bare class name). */
    public Builder queries(PromptTemplates queries) {
      this.queries = Objects.requireNonNull(queries, "queries must not be null");
      return this;
    }

    /** Pairs kept per class (default {@value DomainModuleTrainer#DEFAULT_PER_CLASS}). */
    public Builder perClass(int perClass) {
      checkArgument(perClass > 0, "perClass must be positive, but was %s", perClass);
      this.perClass = perClass;
      return this;
    }

    /** Optimizer steps (default {@value DomainModuleTrainer#DEFAULT_STEPS}). */
    public Builder steps(int steps) {
      checkArgument(steps > 0, "steps must be positive, but was %s", steps);
      this.steps = steps;
      return this;
    }

    /** Pairs per step (default {@value DomainModuleTrainer#DEFAULT_BATCH_SIZE}; capped at the pairs retrieved). */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize >= 2, "batchSize must be at least 2, but was %s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Gated blocks before the last k image layers (default: half the model's layers, as the paper's
     * 6 of 12; capped at the model's layers).
     */
    public Builder gatedLayers(int k) {
      checkArgument(k > 0, "gatedLayers must be positive, but was %s", k);
      this.gatedLayers = k;
      return this;
    }

    /** Peak learning rate (default: the customizer's, 5e-4). */
    public Builder learningRate(double learningRate) {
      checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be positive, but was %s", learningRate);
      this.learningRate = learningRate;
      return this;
    }

    /** The training seed (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where training keeps temporary files (default: java.io.tmpdir). */
    public Builder workDirectory(Path workDirectory) {
      this.workDirectory = Objects.requireNonNull(workDirectory, "work directory must not be null");
      return this;
    }

    /** Receives training progress. */
    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    public DomainModuleTrainer build() {
      return new DomainModuleTrainer(this);
    }
  }
}
