package org.reactvl.examples.emoji;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji-corpus}: renders the emoji pool and the labelled Fluent test sets into the cache,
 * writes their JSON Lines manifests ({@code pool.jsonl}, {@code test-animals-47.jsonl},
 * {@code test-food-36.jsonl}, and the Streamline validation sets {@code validation-<domain>.jsonl}) and
 * prints counts, render time and licences.
 */
@Command(
    name = "emoji-corpus",
    mixinStandardHelpOptions = true,
    description = "Build the emoji image-text pool, the Fluent test sets and the Streamline validation sets, and write their manifests.")
public final class EmojiCorpusCommand implements Callable<Integer> {

  @Option(names = "--cache-dir", description = "Render cache root (default: ${DEFAULT-VALUE}).")
  Path cacheDir = EmojiCorpus.defaultCacheDir();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--size", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
  int size = EmojiCorpus.DEFAULT_SIZE;

  @Option(names = "--out", description = "Folder for the manifests (default: ${DEFAULT-VALUE}).")
  Path out = Path.of(".");

  @Option(names = "--threads", description = "Rendering threads (default: available processors).")
  int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

  @Override
  public Integer call() {
    EmojiCorpus corpus = EmojiCorpus.builder().cacheDir(cacheDir).size(size).renderThreads(threads).build();
    long start = System.nanoTime();
    List<EmojiImage> pool = corpus.pool();
    ManifestWriter.write(pool, out.resolve("pool.jsonl"));
    Map<Domain, List<EmojiImage>> tests = new EnumMap<>(Domain.class);
    for (Domain domain : Domain.values()) {
      tests.put(domain, corpus.testSet(domain));
      ManifestWriter.write(tests.get(domain), out.resolve("test-" + domain.id() + ".jsonl"));
      ManifestWriter.write(corpus.validationSet(domain), out.resolve("validation-" + domain.id() + ".jsonl"));
    }
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    RenderStats stats = corpus.renderStats();
    java.io.PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(CorpusReport.of(pool, tests).toText());
    stdout.printf("images in %s%nrendered %d, reused %d from the cache; render time %.1f s (%.2f ms/image, all threads); wall %.1f s%n",
        corpus.imageDir(), stats.rendered(), stats.reused(), stats.renderNanos() / 1e9, stats.millisPerImage(), wallMillis / 1e3);
    stdout.flush();
    return 0;
  }
}
