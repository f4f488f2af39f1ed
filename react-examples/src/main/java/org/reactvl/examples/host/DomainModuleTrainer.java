package org.reactvl.examples.host;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.examples.model.DomainEvaluation;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.Retriever;
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
 * DomainModuleTrainer trainer = DomainModuleTrainer.builder(KeywordRetriever.over(pairs), preprocessor)
 *     .settings(c -> c.pairsPerClass(32).steps(100))
 *     .build();
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

  private static final Logger LOG = LoggerFactory.getLogger(DomainModuleTrainer.class);
  private static final Pattern DOMAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final Retriever retriever;
  private final ImagePreprocessor preprocessor;
  private final Consumer<DomainCustomization.Builder> settings;
  private final Path workDirectory;

  private DomainModuleTrainer(Builder b) {
    this.retriever = b.retriever;
    this.preprocessor = b.preprocessor;
    this.settings = b.settings;
    this.workDirectory = b.workDirectory;
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
   * @param domain names the domain in messages and logs, and its work folder
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
        .templates(DomainEvaluation.EMOJI_PROMPTS)
        .pairsPerClass(DEFAULT_PER_CLASS)
        .steps(DEFAULT_STEPS)
        .preprocessor(preprocessor);
    settings.accept(customization);
    if (workDirectory != null) {
      customization.workFolder(workDirectory.resolve(domain));
    }
    LOG.info("Domain {}: retrieving with '{}' and training a GATED_IMAGE module", domain, retriever.name());
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
    private Consumer<DomainCustomization.Builder> settings = c -> {};
    private Path workDirectory;

    private Builder(Retriever retriever, ImagePreprocessor preprocessor) {
      this.retriever = Objects.requireNonNull(retriever, "retriever must not be null");
      this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor must not be null");
    }

    /**
     * Changes the customization of every domain: pairs per class, steps, learning rate, listener and
     * whatever else {@link DomainCustomization.Builder} takes. Applied after this trainer's defaults
     * (emoji prompts, T2T retrieval, {@value DomainModuleTrainer#DEFAULT_PER_CLASS} pairs per class,
     * {@value DomainModuleTrainer#DEFAULT_STEPS} steps).
     */
    public Builder settings(Consumer<DomainCustomization.Builder> settings) {
      this.settings = Objects.requireNonNull(settings, "settings must not be null");
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

    public DomainModuleTrainer build() {
      return new DomainModuleTrainer(this);
    }
  }
}
