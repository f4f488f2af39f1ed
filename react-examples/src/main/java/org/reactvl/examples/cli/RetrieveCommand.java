package org.reactvl.examples.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.reactvl.core.ReactException;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.retrieval.HybridRetriever;
import org.reactvl.index.retrieval.KnnRetriever;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.index.retrieval.Retrievers;
import org.reactvl.index.text.CaptionTextIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code retrieve}: class-balanced retrieval from an index folder (or SolrCloud) into a retrieved-set manifest. */
@Command(name = "retrieve", description = "Retrieve pool pairs for a class list (REACT stage 1) and write them as a"
    + " retrieved-set manifest (JSON Lines with a SHA-256 digest).")
final class RetrieveCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Spec CommandSpec spec;

  @Option(names = "--index", paramLabel = "DIR", description = "Index folder written by 'react index'.")
  Path index;

  @Option(names = "--store", paramLabel = "URI", description = "Instead of --index: the SolrCloud collections 'react"
      + " index --store URI' filled (solr://HOST:PORT/NAME or solr+zk://HOST:PORT[/CHROOT]/NAME).")
  String store;

  @Option(names = "--classes", required = true, paramLabel = "CLASSES.txt",
      description = "Class names, one per line (blank lines and lines starting with # are skipped).")
  Path classes;

  @Option(names = "--templates", defaultValue = "imagenet80", paramLabel = "T",
      description = "Prompt templates: imagenet80, simple, or a file with one template containing {} per line"
          + " (default ${DEFAULT-VALUE}).")
  String templates;

  @Option(names = "--per-class", required = true, paramLabel = "K", description = "Pairs kept per class at most.")
  int perClass;

  @Option(names = "--per-query", paramLabel = "N", description = "Neighbours asked of each query (default: K).")
  Integer perQuery;

  @Option(names = "--mode", defaultValue = "t2i", paramLabel = "M",
      description = "t2i (text queries vs images), t2t (vs captions), i2i (example images vs images) or hybrid (BM25 over the"
          + " captions' words fused with t2i; the 'hybrid' retriever); default ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = "--examples", paramLabel = "DIR",
      description = "For i2i: a folder with one sub-folder of example images per class, named as the class.")
  Path examples;

  @Option(names = "--min-score", paramLabel = "S", description = "Drop hits with cosine similarity below S.")
  Float minScore;

  @Option(names = "--duplicate-threshold", defaultValue = "0.98", paramLabel = "T",
      description = "Drop pairs at least this similar to a better pair of their class (default ${DEFAULT-VALUE}; 1 keeps all but exact copies).")
  float duplicateThreshold;

  @Option(names = "--retriever", paramLabel = "NAME",
      description = "Retriever to use, by name (default: knn, or hybrid with --mode hybrid).")
  String retriever;

  @Option(names = "--out", required = true, paramLabel = "RETRIEVED.jsonl")
  Path out;

  @Override
  public Integer call() {
    boolean hybrid = mode.strip().equalsIgnoreCase(HybridRetriever.NAME);
    RetrievalMode retrievalMode = hybrid ? RetrievalMode.T2I : RetrievalMode.parse(mode);
    String retrieverName = retriever != null ? retriever : hybrid ? HybridRetriever.NAME : KnnRetriever.NAME;
    if (hybrid && !retrieverName.equals(HybridRetriever.NAME)) {
      throw new IllegalArgumentException("--mode hybrid uses the hybrid retriever, but --retriever was '" + retriever + "'");
    }
    OutputPaths.checkNotAnInput("--out", out, java.util.Arrays.asList(classes, index, model.model));
    List<String> classNames = readClasses(classes);
    PoolLocation.checkOneOf(index, store, "--index");
    PoolLocation pool = store != null ? StoreLocation.forRetrieval(store) : IndexFolder.open(index);
    if (hybrid && !(pool instanceof IndexFolder folder && folder.hasText())) {
      throw new IllegalArgumentException("--mode hybrid searches the captions' words, which 'react index' keeps in a local index"
          + " folder's text/ index, but " + (store != null ? "--store " + store + " has none (SolrCloud pools have no text index)"
          : "index '" + index + "' has none (index the pool again with this version to add it)"));
    }
    PoolKey key = retrievalMode.searched();
    if (pool instanceof IndexFolder folder && !folder.keys().contains(key)) {
      throw new IllegalArgumentException("--mode " + retrievalMode.label() + " searches " + key.label()
          + " vectors, but index '" + index + "' has no " + folder.storeFolder(key).getFileName() + " store (index with --keys "
          + key.label() + ")");
    }
    RetrievalRequest.Builder request = RetrievalRequest.builder(classNames).mode(retrievalMode).perClass(perClass)
        .perQuery(perQuery != null ? perQuery : Math.min(perClass, SearchRequest.MAX_K)).duplicateThreshold(duplicateThreshold);
    if (retrievalMode.textQueries()) {
      request.templates(templates(templates));
    } else {
      request.classImages(examples(classNames));
    }
    if (minScore != null) {
      request.minScore(minScore);
    }
    try (ClipModel clip = model.load()) {
      ClipEmbedder embedder = ClipEmbedder.of(clip, ClipTokenizer.load());
      try (EmbeddingStore searched = pool.openForSearch(key, embedder);
          CaptionTextIndex text = pool instanceof IndexFolder folder && folder.hasText() ? folder.openTextForSearch() : null) {
        RetrieverContext context = key == PoolKey.IMAGE
            ? RetrieverContext.of(embedder).withImageStore(searched)
            : RetrieverContext.of(embedder).withCaptionStore(searched);
        if (text != null) {
          context = context.withTextIndex(text);
        }
        RetrievedSet set = Retrievers.create(retrieverName, context).retrieve(request.build());
        set.write(out);
        spec.commandLine().getOut().printf(Locale.ROOT, "{\"pairs\":%d,\"classes\":%d,\"empty_classes\":%d,\"digest\":\"%s\"}%n",
            set.size(), set.classes().size(), set.byClass().values().stream().filter(List::isEmpty).count(), set.digest());
      }
      return 0;
    }
  }

  /** Class names from a file, one per line; blank lines and lines starting with # are skipped. */
  static List<String> readClasses(Path file) {
    List<String> names = new ArrayList<>();
    for (String line : lines(file, "class list")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("class list '" + file + "' must name at least one class, but names none");
    }
    return names;
  }

  private static PromptTemplates templates(String spec) {
    return switch (spec) {
      case "imagenet80" -> PromptTemplates.imagenet80();
      case "simple" -> PromptTemplates.simple();
      default -> {
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("--templates must be imagenet80, simple or a template file, but '" + spec
              + "' is none of these");
        }
        List<String> templates = lines(file, "template file").stream().filter(l -> !l.isBlank()).toList();
        try {
          yield new PromptTemplates(file.getFileName().toString(), templates);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("template file '" + file + "': " + e.getMessage(), e);
        }
      }
    };
  }

  private Map<String, List<Path>> examples(List<String> classNames) {
    if (examples == null) {
      throw new IllegalArgumentException("--mode i2i needs --examples DIR with one folder of example images per class");
    }
    Map<String, List<Path>> images = new LinkedHashMap<>();
    for (String name : classNames) {
      Path folder = examples.resolve(name);
      try (Stream<Path> files = Files.list(folder)) {
        images.put(name, files.filter(Files::isRegularFile).sorted().toList());
      } catch (IOException e) {
        throw new IllegalArgumentException("example folder '" + folder + "' of class '" + name + "' cannot be listed: " + e, e);
      }
    }
    return images;
  }

  /** The UTF-8 lines of {@code file}; a line that is not valid UTF-8 is named by its number. */
  private static List<String> lines(Path file, String what) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ReactException(what + " '" + file + "' cannot be read: " + OutputFolders.describe(e), e);
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i > start || i < bytes.length) {
          lines.add(decodeLine(bytes, start, i, file, what, lines.size() + 1));
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static String decodeLine(byte[] bytes, int from, int to, Path file, String what, int lineNumber) {
    try {
      String line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " '" + file + "' line " + lineNumber + " must be UTF-8 text, but holds bytes that are not");
    }
  }
}
