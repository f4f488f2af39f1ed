package org.reactvl.examples.emoji;

import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts that describe a built corpus: images per family, distinct concepts, captions per image,
 * and for each test set the images per class, with the classes that have none.
 *
 * <p>Immutable and thread-safe. Example:
 * {@code System.out.print(CorpusReport.of(pool, Map.of(Domain.FOOD_36, food)).toText());}
 */
public final class CorpusReport {

  private final Map<String, Long> poolPerFamily;
  private final long poolConcepts;
  private final IntSummaryStatistics captionsPerImage;
  private final Map<Domain, Map<String, Long>> testPerClass;
  private final Map<String, SetLicense> licenses;
  private final int poolSize;

  private CorpusReport(List<EmojiImage> pool, Map<Domain, List<EmojiImage>> testSets) {
    this.poolSize = pool.size();
    this.poolPerFamily = countBy(pool, EmojiImage::family);
    this.poolConcepts = pool.stream().map(EmojiImage::concept).distinct().count();
    this.captionsPerImage = pool.stream().mapToInt(i -> i.captions().size()).summaryStatistics();
    this.testPerClass = new LinkedHashMap<>();
    this.licenses = new TreeMap<>();
    pool.forEach(i -> licenses.putIfAbsent(i.family(), i.license()));
    testSets.forEach((domain, images) -> {
      Map<String, Long> perClass = new LinkedHashMap<>();
      domain.classNames().forEach(c -> perClass.put(c, 0L));
      images.forEach(i -> perClass.merge(i.label().orElseThrow(), 1L, Long::sum));
      images.forEach(i -> licenses.putIfAbsent(i.family(), i.license()));
      testPerClass.put(domain, perClass);
    });
  }

  /** The report of a pool and the test sets built beside it. */
  public static CorpusReport of(List<EmojiImage> pool, Map<Domain, List<EmojiImage>> testSets) {
    return new CorpusReport(pool, testSets);
  }

  /** Pool images per family, in the pool's family order. */
  public Map<String, Long> poolPerFamily() {
    return poolPerFamily;
  }

  /** Distinct emoji concepts in the pool. */
  public long poolConcepts() {
    return poolConcepts;
  }

  /** Test images per class of a domain (classes without images count 0). */
  public Map<String, Long> testPerClass(Domain domain) {
    return testPerClass.getOrDefault(domain, Map.of());
  }

  /** Classes of a domain that have no test image. */
  public List<String> emptyClasses(Domain domain) {
    return testPerClass(domain).entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
  }

  /** A plain-text summary with one attribution line per set. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append("pool: ").append(poolSize).append(" images, ").append(poolConcepts).append(" distinct concepts\n");
    poolPerFamily.forEach((f, n) -> out.append("  ").append(f).append(": ").append(n).append('\n'));
    out.append(String.format("captions per image: mean %.2f, min %d, max %d%n",
        captionsPerImage.getAverage(), captionsPerImage.getMin(), captionsPerImage.getMax()));
    testPerClass.forEach((domain, perClass) -> {
      long total = perClass.values().stream().mapToLong(Long::longValue).sum();
      out.append("test ").append(domain.id()).append(": ").append(total).append(" images; per class: ");
      out.append(perClass.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
      out.append("\n  classes without images: ").append(emptyClasses(domain)).append('\n');
    });
    out.append("licences:\n");
    licenses.forEach((f, l) -> out.append("  ").append(f).append(": ").append(l.attribution()).append('\n'));
    return out.toString();
  }

  private static Map<String, Long> countBy(List<EmojiImage> images, Function<EmojiImage, String> key) {
    return images.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.counting()));
  }
}
