package org.reactvl.examples.host;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.DecodedImage;
import org.reactvl.core.image.ImageLoader;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.core.zeroshot.ZeroShotClassifier;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.model.DomainEvaluation;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.artifact.ModuleMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a host application keeps in memory to answer "classify this image in domain X": one base
 * CLIP model, and per domain a REACT module attached to it with the domain's zero-shot classifier.
 *
 * <p><b>Start-up</b> ({@link Builder#build}). For every domain, the module in {@code
 * <modules>/<domain>/} (a {@link ModuleArtifact} folder) is read; if there is none and a {@link
 * DomainModuleTrainer} was given, one is retrieved and trained now and written there for the next
 * start. Each module is attached once ({@link ModuleArtifact#applyTo}): the attached model is a
 * view that shares the base model's weight arrays and adds only the gated blocks, so a domain costs
 * its module's parameters and one image graph, built at start-up, never a copy of the base. Only
 * GATED_IMAGE modules can be attached this way; other artifacts are refused.
 *
 * <p><b>Requests</b> ({@link #classify}) decode and preprocess the image on the calling thread, run
 * the domain's image tower and score the domain's classes with prompts encoded once at start-up.
 *
 * <p><b>Thread-safety.</b> Safe for concurrent requests from any number of threads: the domain map
 * and classifiers are immutable, preprocessing is per call, and each domain's model serializes its
 * own forward passes (requests for different domains run in parallel, requests for one domain
 * queue). Results do not depend on what runs concurrently.
 *
 * <p><b>Ownership.</b> The service borrows the base model (the caller closes it, after the service)
 * and owns the attached views, which {@link #close} releases; closing twice is harmless, and a
 * request after close throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (ClipModel base = DefaultModel.load()) {
 *   Retriever keyword = Retrievers.create("keyword", RetrieverContext.of(ClipEmbedder.of(base, ClipTokenizer.load())));
 *   DomainModuleTrainer trainer = DomainModuleTrainer.builder(keyword, ImagePreprocessor.forModel(base.config())).build();
 *   try (DomainClassifierService service = DomainClassifierService.builder(base)
 *       .modules(Path.of("modules")).domain(Domain.ANIMALS_47).domain(Domain.FOOD_36).trainer(trainer).build()) {
 *     Classification c = service.classify("animals-47", Path.of("upload.png"), 5);
 *     System.out.println(c.best().label() + " " + c.best().probability());
 *   }
 * }
 * }</pre>
 */
public final class DomainClassifierService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DomainClassifierService.class);
  private static final Pattern DOMAIN_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final ClipModel base;
  private final ImagePreprocessor preprocessor;
  private final Map<String, DomainModel> domains;
  private volatile boolean closed;

  private DomainClassifierService(ClipModel base, ImagePreprocessor preprocessor, Map<String, DomainModel> domains) {
    this.base = base;
    this.preprocessor = preprocessor;
    this.domains = domains;
  }

  /** A builder for a service over {@code base}, a model without a module, which the caller keeps open while the service runs. */
  public static Builder builder(ClipModel base) {
    return new Builder(base);
  }

  /** The domains, in the order they were added. */
  public Set<String> domains() {
    return domains.keySet();
  }

  /** The domain's classes, in the order of their scores. */
  public List<String> classNames(String domain) {
    return domain(domain).classifier().classNames();
  }

  /** What the domain's module records about itself: base fingerprint, layers, retrieved set, training. */
  public ModuleMetadata module(String domain) {
    return domain(domain).module();
  }

  /**
   * The domain's customized model: a view of the base model with the domain's module attached,
   * owned by this service (do not close it).
   */
  public ClipModel model(String domain) {
    return domain(domain).model();
  }

  /**
   * Classifies an image file in a domain.
   *
   * @throws IllegalArgumentException if the domain is unknown (the message lists the known ones) or
   *     {@code topK} is not positive
   * @throws org.reactvl.core.ImageFormatException if the file is missing or not a decodable image
   *     (the message names the file)
   * @throws IllegalStateException after {@link #close}
   */
  public Classification classify(String domain, Path image, int topK) {
    DomainModel d = domain(domain);
    checkTopK(topK);
    return classify(d, ImageLoader.load(Objects.requireNonNull(image, "image must not be null")), topK);
  }

  /** Classifies a decoded image (an upload read with {@code ImageLoader.load(bytes, name)}) in a domain; see {@link #classify(String, Path, int)}. */
  public Classification classify(String domain, DecodedImage image, int topK) {
    DomainModel d = domain(domain);
    checkTopK(topK);
    return classify(d, Objects.requireNonNull(image, "image must not be null"), topK);
  }

  private Classification classify(DomainModel d, DecodedImage image, int topK) {
    int size = preprocessor.size();
    float[] pixels = preprocessor.preprocess(image);
    var features = d.model().encodeImages(Nd4j.create(pixels, new long[] {1, 3, size, size}, 'c'));
    return new Classification(d.id(), d.classifier().classify(features, topK).get(0));
  }

  private static void checkTopK(int topK) {
    checkArgument(topK > 0, "topK must be positive, but was %s", topK);
  }

  private DomainModel domain(String domain) {
    if (closed) {
      throw new IllegalStateException("domain classifier service is closed");
    }
    DomainModel d = domains.get(domain);
    if (d == null) {
      throw new IllegalArgumentException("domain must be one of " + domains.keySet() + ", but was '" + domain + "'");
    }
    return d;
  }

  /** Releases the attached views (not the base model, which the caller owns). Idempotent. */
  @Override
  public void close() {
    closed = true;
    domains.values().forEach(d -> d.model().close());
  }

  @Override
  public String toString() {
    return "DomainClassifierService[base " + base.fingerprint().substring(0, 12) + ", domains " + domains.keySet() + "]";
  }

  /** One domain: its classes' classifier and the base model with its module attached. */
  private record DomainModel(String id, ZeroShotClassifier classifier, ClipModel model, ModuleMetadata module) {}

  /** Settings of a {@link DomainClassifierService}; not thread-safe. */
  public static final class Builder {
    private final ClipModel base;
    private final Map<String, List<String>> classes = new LinkedHashMap<>();
    private ImagePreprocessor preprocessor;
    private PromptTemplates prompts = DomainEvaluation.EMOJI_PROMPTS;
    private Path modules;
    private DomainModuleTrainer trainer;

    private Builder(ClipModel base) {
      this.base = Objects.requireNonNull(base, "base model must not be null");
      checkArgument(base.module().isEmpty(), "the base model must not have a module attached, but has %s", base.module().orElse(null));
    }

    /**
     * Adds a domain.
     *
     * @param id lower-case letters, digits and dashes (it names the module's folder)
     * @param classNames the classes an image of this domain is scored against
     */
    public Builder domain(String id, List<String> classNames) {
      checkArgument(id != null && DOMAIN_ID.matcher(id).matches(), "domain id must be lower-case letters, digits and dashes, but was '%s'", id);
      checkArgument(!classes.containsKey(id), "domain ids must be unique, but '%s' was added twice", id);
      checkArgument(classNames != null && !classNames.isEmpty(), "domain '%s' must have at least one class", id);
      classes.put(id, List.copyOf(classNames));
      return this;
    }

    /** Adds one of the emoji demo's domains. */
    public Builder domain(Domain domain) {
      return domain(domain.id(), domain.classNames());
    }

    /** The folder holding one module folder per domain, {@code <modules>/<domain id>/}; where trained modules are written. */
    public Builder modules(Path directory) {
      this.modules = Objects.requireNonNull(directory, "modules directory must not be null");
      return this;
    }

    /** Builds the modules of domains that have none in the modules folder (without it, a missing module is an error). */
    public Builder trainer(DomainModuleTrainer trainer) {
      this.trainer = Objects.requireNonNull(trainer, "trainer must not be null");
      return this;
    }

    /** Image preprocessing (default: {@link ImagePreprocessor#forModel} of the base model). */
    public Builder preprocessor(ImagePreprocessor preprocessor) {
      this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor must not be null");
      return this;
    }

    /** Prompt templates for the class names (default: the bare class name, {@link DomainEvaluation#EMOJI_PROMPTS}). */
    public Builder prompts(PromptTemplates prompts) {
      this.prompts = Objects.requireNonNull(prompts, "prompts must not be null");
      return this;
    }

    /**
     * Reads or trains every domain's module, attaches it and encodes the domain's prompts.
     *
     * @throws IllegalArgumentException if no domain was added, a domain has no module and no trainer
     *     was given, a module is not GATED_IMAGE, or it was trained for other classes than its
     *     domain's
     * @throws org.reactvl.core.BackboneMismatchException if a module was trained for
     *     another base model
     * @throws org.reactvl.core.CheckpointFormatException if a module folder is not a readable artifact
     */
    public DomainClassifierService build() {
      checkArgument(!classes.isEmpty(), "a domain classifier service needs at least one domain, but none was added");
      int size = base.config().vision().imageSize();
      ImagePreprocessor images = preprocessor != null ? preprocessor : ImagePreprocessor.forModel(base.config());
      checkArgument(images.size() == size, "the preprocessor must produce %s x %s images for this model, but produces %s x %s",
          size, size, images.size(), images.size());
      ClipTokenizer tokenizer = ClipTokenizer.load();
      Map<String, DomainModel> built = new LinkedHashMap<>();
      List<ClipModel> attached = new ArrayList<>();
      try {
        for (Map.Entry<String, List<String>> e : classes.entrySet()) {
          String id = e.getKey();
          ModuleArtifact artifact = moduleOf(id, e.getValue());
          ClipModel model = artifact.applyTo(base);
          attached.add(model);
          model.encodeImages(Nd4j.zeros(1, 3, size, size)); // builds the graph now, not in the first request
          ZeroShotClassifier classifier = ZeroShotClassifier.build(base, tokenizer, e.getValue(), prompts);
          built.put(id, new DomainModel(id, classifier, model, artifact.metadata()));
          LOG.info("Domain {}: {} classes, module with gated blocks before layers {}", id, e.getValue().size(), artifact.metadata().layers());
        }
      } catch (RuntimeException failure) {
        attached.forEach(ClipModel::close);
        throw failure;
      }
      return new DomainClassifierService(base, images, Collections.unmodifiableMap(built));
    }

    private ModuleArtifact moduleOf(String id, List<String> classNames) {
      Path folder = modules == null ? null : modules.resolve(id);
      ModuleArtifact artifact;
      if (folder != null && Files.exists(folder)) {
        artifact = ModuleArtifact.read(folder, base);
      } else if (trainer != null) {
        artifact = trainer.train(base, id, classNames);
        if (folder != null) {
          artifact.write(folder);
          LOG.info("Domain {}: module written to {}", id, folder);
        }
      } else {
        throw new IllegalArgumentException("domain '" + id + "' must have a module"
            + (folder != null ? " in '" + folder + "', but that folder does not exist" : ", but no modules folder was given")
            + "; add a trainer to build missing modules");
      }
      String where = folder != null ? "module '" + folder + "'" : "the module of domain '" + id + "'";
      checkArgument(artifact.module().isPresent(),
          "%s must be GATED_IMAGE to share the base model's weights, but was %s; load it as a model of its own with applyTo",
          where, artifact.metadata().strategy());
      List<String> trainedFor = artifact.metadata().classes();
      checkArgument(trainedFor.isEmpty() || trainedFor.equals(classNames),
          "%s must have been trained for the classes of domain '%s' %s, but was trained for %s", where, id, classNames, trainedFor);
      return artifact;
    }
  }
}
