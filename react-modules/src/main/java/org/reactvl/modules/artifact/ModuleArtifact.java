package org.reactvl.modules.artifact;

import static com.google.common.base.Preconditions.checkState;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.ReactException;
import org.reactvl.core.clip.CheckpointLoader;
import org.reactvl.core.clip.CheckpointWriter;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.DType;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.modules.train.CustomizationResult;
import org.reactvl.modules.train.TuningStrategy;

/**
 * A trained customization on disk: what a host application ships and loads next to its base model.
 *
 * <p><b>Layout</b> (format {@value #FORMAT}, version {@value #VERSION}): a folder holding
 * {@code module.json} (see {@link ModuleMetadata}) and either {@code gated.safetensors}, the gated
 * blocks in REACT's released naming ({@code visual.transformer.resblocks.N.gated_attn_block.*},
 * float32, 0-d alphas; loadable with {@code GatedModule.load} and by REACT's Python code), or, for
 * LOCKED_TEXT and FULL, {@code model/}, a Hugging Face CLIP folder with all weights, plus the
 * {@link OutputFolders#MARKER} that lists them. The folder is written under a temporary sibling name
 * and renamed into place, so a reader never sees half a module.
 *
 * <pre>{@code
 * ModuleArtifact.of(result).withMetrics(Map.of("zeroshot.top1", 0.71)).write(Path.of("modules/dogs"));
 * ModuleArtifact dogs = ModuleArtifact.read(Path.of("modules/dogs"), base);   // checks the backbone
 * ClipModel custom = dogs.applyTo(base);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ModuleArtifact {
  /** The {@code format} field of module.json. */
  public static final String FORMAT = ModuleMetadataJson.FORMAT;
  /** The module.json version this library writes (it also reads version 1). */
  public static final int VERSION = ModuleMetadataJson.VERSION;
  /** The metadata file. */
  public static final String METADATA_FILE = "module.json";
  /** The gated blocks (GATED_IMAGE). */
  public static final String GATED_FILE = "gated.safetensors";
  /** The full model folder (LOCKED_TEXT, FULL). */
  public static final String MODEL_FOLDER = "model";
  /** The kind of output folder (see {@link OutputFolders}). */
  private static final String KIND = "module";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ModuleMetadata metadata;
  private final GatedModule module;
  private final ClipWeights weights;

  private ModuleArtifact(ModuleMetadata metadata, GatedModule module, ClipWeights weights) {
    this.metadata = metadata;
    this.module = module;
    this.weights = weights;
  }

  /** The artifact of a training result. */
  public static ModuleArtifact of(CustomizationResult result) {
    String config = result.module().map(m -> m.config().toString()).orElseGet(() -> result.weights().orElseThrow().config().toString());
    ModuleMetadata metadata = ModuleMetadata.builder(result.strategy(), new ModuleMetadata.Base(result.baseFingerprint(), config))
        .layers(result.module().map(m -> List.copyOf(m.layers())).orElse(List.of()))
        .logitScale(result.logitScale())
        .options(result.options())
        .training(ModuleMetadata.Training.of(result.report()))
        .retrievedSet(new ModuleMetadata.RetrievedSetSource(result.retrievedSetDigest(), result.classes()))
        .build();
    return new ModuleArtifact(metadata, result.module().orElse(null), result.weights().orElse(null));
  }

  /**
   * Wraps gated blocks released by REACT (a safetensors file in its naming, for example converted
   * from the authors' checkpoints) as an artifact for {@code base}, through {@link
   * GatedModule#loadReleased}: the caller vouches that {@code base} is their base model. Nothing about
   * their training is known, so the metadata records only the source file.
   */
  public static ModuleArtifact importReact(Path safetensorsFile, ClipModel base) {
    GatedModule gated = GatedModule.loadReleased(safetensorsFile, base);
    ModuleMetadata metadata = ModuleMetadata.builder(TuningStrategy.GATED_IMAGE, new ModuleMetadata.Base(base.fingerprint(), base.config().toString()))
        .layers(List.copyOf(gated.layers()))
        .logitScale(base.logitScale())
        .provenance(ModuleMetadata.Provenance.now(Optional.of(safetensorsFile.toAbsolutePath().toString())))
        .build();
    return new ModuleArtifact(metadata, gated, null);
  }

  /** This artifact with {@code metrics} added to its metadata. */
  public ModuleArtifact withMetrics(Map<String, Double> metrics) {
    return new ModuleArtifact(metadata.withMetrics(metrics), module, weights);
  }

  /** The metadata. */
  public ModuleMetadata metadata() {
    return metadata;
  }

  /** The gated blocks (GATED_IMAGE). */
  public Optional<GatedModule> module() {
    return Optional.ofNullable(module);
  }

  /** The full weights (LOCKED_TEXT, FULL). */
  public Optional<ClipWeights> weights() {
    return Optional.ofNullable(weights);
  }

  /**
   * The customized model: a view of {@code base} with the gated blocks, or a new model over the
   * stored weights (which the caller closes).
   *
   * @throws BackboneMismatchException if {@code base} is not the model the module was trained for
   */
  public ClipModel applyTo(ClipModel base) {
    BackboneMismatchException.check("this module", metadata.baseFingerprint(), base.fingerprint());
    return module != null ? base.withModule(module) : ClipModel.of(weights);
  }

  /** Writes the gated blocks alone in REACT's released naming (for REACT's Python tools). */
  public void exportReact(Path file) {
    checkState(module != null, "only a GATED_IMAGE module has gated blocks to export, but this one is %s", metadata.strategy());
    module.save(file, Map.of("react.layers", metadata.layers().toString()));
  }

  /**
   * Writes the artifact folder atomically: to a temporary sibling, then renamed into place. An
   * earlier artifact there is replaced only when the folder holds exactly what this library wrote
   * (see {@link OutputFolders}); any other content is never deleted.
   *
   * @throws ReactException if {@code directory} holds anything else, or with the cause if writing fails
   */
  public void write(Path directory) {
    OutputFolders.replace(directory, KIND, tmp -> {
      if (module != null) {
        module.save(tmp.resolve(GATED_FILE), Map.of());
      } else {
        CheckpointWriter.writeHuggingFace(weights, tmp.resolve(MODEL_FOLDER), DType.F32);
      }
      AtomicFiles.writeString(tmp.resolve(METADATA_FILE), JSON.writeValueAsString(ModuleMetadataJson.write(metadata, JSON)));
    });
  }

  /**
   * Checks, before a long training, that {@link #write} will be allowed to write {@code directory}:
   * it is absent, empty or an earlier artifact, and its parent is writable.
   *
   * @throws ReactException saying why not
   */
  public static void checkWritable(Path directory) {
    OutputFolders.checkReplaceable(directory, KIND);
  }

  /**
   * Reads an artifact for {@code base}.
   *
   * @throws BackboneMismatchException naming both fingerprints if it was trained for another model
   * @throws CheckpointFormatException if the folder is not an artifact this library can read
   */
  public static ModuleArtifact read(Path directory, ClipModel base) {
    ModuleMetadata metadata = readMetadata(directory);
    BackboneMismatchException.check("module '" + directory + "'", metadata.baseFingerprint(), base.fingerprint());
    if (metadata.strategy().gated()) {
      GatedModule gated = GatedModule.load(directory.resolve(GATED_FILE), base);
      if (!List.copyOf(gated.layers()).equals(metadata.layers())) {
        throw new CheckpointFormatException(
            "module '" + directory + "' must have gated blocks before layers " + metadata.layers() + " as module.json says, but has them before " + gated.layers());
      }
      return new ModuleArtifact(metadata, gated, null);
    }
    return new ModuleArtifact(metadata, null, CheckpointLoader.loadHuggingFace(directory.resolve(MODEL_FOLDER)));
  }

  /** Reads only {@code module.json}. */
  public static ModuleMetadata readMetadata(Path directory) {
    Path file = directory.resolve(METADATA_FILE);
    if (!Files.isRegularFile(file)) {
      throw new CheckpointFormatException("'" + directory + "' is not a module artifact: it has no " + METADATA_FILE);
    }
    try {
      return ModuleMetadataJson.read(JSON.readTree(file.toFile()), file);
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read '" + file + "': " + e.getMessage(), e);
    }
  }


  @Override
  public String toString() {
    return "ModuleArtifact[" + metadata.strategy() + ", layers " + metadata.layers() + ", base " + metadata.baseFingerprint().substring(0, 12) + "]";
  }
}
