package org.reactvl.examples.host;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.examples.model.DomainEvaluation;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.modules.CustomizationListener;
import org.reactvl.modules.DomainCustomization;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a domain's REACT module from nothing but its class names, with the library's {@link
 * DomainCustomization}: class-balanced text-to-text retrieval with any {@link Retriever}, then
 * GATED_IMAGE customization of the base model on the retrieved pairs' images and captions. The
 * result is a {@link ModuleArtifact} to write and reuse. What this class adds is the host demo's
 * defaults (emoji prompts, few steps) and a work folder per domain.
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
  private static final Pattern DOMAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final Retriever retriever;
  private final ImagePreprocessor preprocessor;
  private final PromptTemplates queries;
  private final int perClass;
  private final int steps;
  private final Integer batchSize;
  private final int gatedLayers;
  private final double learningRate;
  private final long seed;
  private final Path workDirectory;
  private final CustomizationListener listener;

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
    checkArgument(domain != null && DOMAIN_NAME.matcher(domain).matches(),
        "domain must be letters, digits, '.', '_' or '-' (it names the domain's work folder), but was '%s'", domain);
    DomainCustomization.Builder customization = DomainCustomization.builder(base, retriever)
        .classes(classNames)
        .retrievalMode(RetrievalMode.T2T)
        .templates(queries)
        .pairsPerClass(perClass)
        .preprocessor(preprocessor)
        .steps(steps)
        .seed(seed)
        .listener(listener);
    if (batchSize != null) {
      customization.batchSize(batchSize);
    }
    if (gatedLayers > 0) {
      customization.gatedLayers(Math.min(gatedLayers, base.config().vision().layers()));
    }
    if (learningRate > 0) {
      customization.learningRate(learningRate);
    }
    if (workDirectory != null) {
      customization.workFolder(workDirectory.resolve(domain));
    }
    LOG.info("Domain {}: retrieving with '{}' and training a GATED_IMAGE module ({} steps)", domain, retriever.name(), steps);
    try {
      return customization.build().run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("domain '" + domain + "': " + e.getMessage(), e);
    }
  }

  /** Settings of a {@link DomainModuleTrainer}; not thread-safe. */
  public static final class Builder {
    private final Retriever retriever;
    private final ImagePreprocessor preprocessor;
    private PromptTemplates queries = DomainEvaluation.EMOJI_PROMPTS;
    private int perClass = DEFAULT_PER_CLASS;
    private int steps = DEFAULT_STEPS;
    private Integer batchSize;
    private int gatedLayers;
    private double learningRate;
    private long seed = 42;
    private Path workDirectory;
    private CustomizationListener listener = new CustomizationListener() {};

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

    /** Pairs per step (default {@value DomainModuleTrainer#DEFAULT_BATCH_SIZE}, capped at the pairs retrieved; at most those pairs when set). */
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

    /**
     * Where each domain keeps its retrieved set, checkpoints and temporary files, in a sub-folder
     * named after the domain, so an interrupted {@code train} resumes (default: java.io.tmpdir, no resume).
     */
    public Builder workDirectory(Path workDirectory) {
      this.workDirectory = Objects.requireNonNull(workDirectory, "work directory must not be null");
      return this;
    }

    /** Receives retrieval and training progress and may stop the run. */
    public Builder listener(CustomizationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    public DomainModuleTrainer build() {
      return new DomainModuleTrainer(this);
    }
  }
}
