package org.reactvl.examples.emoji;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.reactvl.core.ReactException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real image-text corpus from the emoji sets on Maven Central: a captioned pool of renderings
 * by seven design families, labelled test sets drawn by a family the pool never saw (Microsoft's
 * Fluent emoji), and labelled validation sets drawn by another unseen family (Streamline), for the
 * target domains in {@link Domain}. Pool, validation and test families are disjoint, so no design is
 * split between them; recipe choices are made on the validation sets, never on the test sets.
 *
 * <p>Selection, per family in the given order and per icon in name order: hidden icons are
 * skipped; the icon is joined to an {@link EmojiConcept} ({@link ConceptCatalog#resolve}); icons
 * that do not join, and skin-tone variants ({@link SkinTones}), are left out; an icon whose art
 * (view box and SVG markup) was already taken is left out, so the same drawing published under two
 * names, or by two sets, appears once. Test sets keep only concepts of the domain, labelled with
 * their class, and de-duplicate art within the test families the same way.
 *
 * <p>Rendering goes through one {@link EmojiRenderer} into {@code <cacheDir>/<iconify version>/<size>/};
 * a second run finds the PNGs and renders nothing. Results are computed once and kept.
 *
 * <p>Thread-safe ({@code pool()} and {@code testSet()} are synchronized). Holds no open resources.
 * Example:
 *
 * <pre>{@code
 * EmojiCorpus corpus = EmojiCorpus.builder().size(64).build();
 * List<EmojiImage> pool = corpus.pool();
 * List<EmojiImage> animals = corpus.testSet(Domain.ANIMALS_47);
 * ManifestWriter.write(pool, Path.of("pool.jsonl"));
 * }</pre>
 */
public final class EmojiCorpus {

  /** The pool's design families, in priority order for de-duplication. */
  public static final List<String> POOL_FAMILIES = List.of(
      "twemoji", "noto", "noto-v1", "openmoji", "emojione", "emojione-v1", "fxemoji");
  /**
   * The validation family: Streamline's flat emoji (57 animal and 32 food images), a style neither the
   * pool nor the test sets have, as the test family is new to the pool.
   */
  public static final List<String> VALIDATION_FAMILIES = List.of("streamline-emojis");
  /** The held-out families: Microsoft Fluent in its three styles. */
  public static final List<String> TEST_FAMILIES = List.of(
      "fluent-emoji", "fluent-emoji-flat", "fluent-emoji-high-contrast");
  /**
   * Default image side. 64 px keeps every emoji recognisable (the sets are designed for 32-72 px
   * display) while a pool of ~10k images stays ~40 MB of PNGs and cheap to embed with a small model.
   */
  public static final int DEFAULT_SIZE = 64;

  private static final Logger LOG = LoggerFactory.getLogger(EmojiCorpus.class);
  private static final Pattern FAMILY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final List<String> families;
  private final List<String> testFamilies;
  private final List<String> validationFamilies;
  private final int renderThreads;
  private final EmojiRenderer renderer;
  private ConceptCatalog catalog;
  private List<EmojiImage> pool;
  private final Map<Domain, List<EmojiImage>> testSets = new EnumMap<>(Domain.class);
  private final Map<Domain, List<EmojiImage>> validationSets = new EnumMap<>(Domain.class);
  private Map<Domain, List<Planned>> testPlans;
  private Map<Domain, List<Planned>> validationPlans;

  private EmojiCorpus(Builder b) {
    this.families = b.families;
    this.testFamilies = b.testFamilies;
    this.validationFamilies = b.validationFamilies;
    this.renderThreads = b.renderThreads;
    this.renderer = new EmojiRenderer(b.cacheDir.resolve(IconSet.version()).resolve(Integer.toString(b.size)), b.size);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code $XDG_CACHE_HOME/react-jvm/emoji}, else {@code ~/.cache/react-jvm/emoji}. */
  public static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("react-jvm").resolve("emoji");
  }

  /** The pool: every selected rendering of the pool families, rendered (or found in the cache). */
  public synchronized List<EmojiImage> pool() {
    if (pool == null) {
      pool = render(planPool());
    }
    return pool;
  }

  /**
   * The labelled test set of a domain: the held-out families' renderings of its concepts. The
   * first call selects the test sets of all domains in one pass over the held-out families and
   * renders the one asked for.
   */
  public synchronized List<EmojiImage> testSet(Domain domain) {
    List<EmojiImage> set = testSets.get(domain);
    if (set == null) {
      set = render(planTestSets().get(domain));
      testSets.put(domain, set);
    }
    return set;
  }

  /**
   * The labelled validation set of a domain: the validation families' renderings of its concepts,
   * selected and de-duplicated like the test sets.
   */
  public synchronized List<EmojiImage> validationSet(Domain domain) {
    List<EmojiImage> set = validationSets.get(domain);
    if (set == null) {
      set = render(planValidationSets().get(domain));
      validationSets.put(domain, set);
    }
    return set;
  }

  /** Render counts and time of this corpus so far. */
  public RenderStats renderStats() {
    return renderer.stats();
  }

  /** The folder holding this corpus's PNGs: {@code <cacheDir>/<iconify version>/<size>}. */
  public Path imageDir() {
    return renderer.dir();
  }

  /** The pool as {@link #pool()} returns it, without rendering (PNGs may not exist yet). */
  synchronized List<Planned> planPool() {
    Set<String> seenArt = new HashSet<>();
    List<Planned> planned = new ArrayList<>();
    for (String family : families) {
      IconSet set = IconSet.load(family);
      int before = planned.size();
      List<Joined> joined = join(set);
      for (Joined j : joined) {
        if (seenArt.add(j.icon().artKey())) {
          planned.add(new Planned(set.prefix(), set.license(), j.icon(), j.concept(), Optional.empty()));
        }
      }
      LOG.info("{}: {} pool images ({} joined icons had art already taken)",
          family, planned.size() - before, joined.size() - (planned.size() - before));
    }
    return planned;
  }

  /** The test sets as {@link #testSet} returns them, without rendering; selected once. */
  synchronized Map<Domain, List<Planned>> planTestSets() {
    if (testPlans == null) {
      testPlans = planLabelled(testFamilies);
    }
    return testPlans;
  }

  /** The validation sets as {@link #validationSet} returns them, without rendering; selected once. */
  synchronized Map<Domain, List<Planned>> planValidationSets() {
    if (validationPlans == null) {
      validationPlans = planLabelled(validationFamilies);
    }
    return validationPlans;
  }

  /** Per domain, the labelled renderings of its concepts by {@code labelledFamilies}, art de-duplicated. */
  private Map<Domain, List<Planned>> planLabelled(List<String> labelledFamilies) {
    Map<Domain, List<Planned>> plans = new EnumMap<>(Domain.class);
    Map<Domain, Set<String>> seenArt = new EnumMap<>(Domain.class);
    for (Domain domain : Domain.values()) {
      plans.put(domain, new ArrayList<>());
      seenArt.put(domain, new HashSet<>());
    }
    for (String family : labelledFamilies) {
      IconSet set = IconSet.load(family);
      List<Joined> joined = join(set);
      for (Domain domain : Domain.values()) {
        List<Planned> plan = plans.get(domain);
        int before = plan.size();
        for (Joined j : joined) {
          Optional<String> label = domain.classOf(j.concept().slug());
          if (label.isPresent() && seenArt.get(domain).add(j.icon().artKey())) {
            plan.add(new Planned(set.prefix(), set.license(), j.icon(), j.concept(), label));
          }
        }
        LOG.info("{}: {} labelled images for {}", family, plan.size() - before, domain.id());
      }
    }
    plans.replaceAll((domain, plan) -> List.copyOf(plan));
    return plans;
  }

  /** An image chosen for the corpus, before rendering. */
  record Planned(String family, SetLicense license, SvgIcon icon, EmojiConcept concept, Optional<String> label) {
    String id() {
      return family + "/" + icon.name();
    }
  }

  private record Joined(SvgIcon icon, EmojiConcept concept) {}

  /** The set's icons that join a concept, skin-tone variants left out, in name order. */
  private List<Joined> join(IconSet set) {
    ConceptCatalog concepts = catalog();
    int toned = 0;
    int unjoined = 0;
    List<Joined> joined = new ArrayList<>();
    for (String name : set.iconNames()) {
      Optional<EmojiConcept> concept = concepts.resolve(set, name);
      if (concept.isEmpty()) {
        if (SkinTones.looksLikeToneVariant(name)) {
          toned++;
        } else {
          unjoined++;
        }
      } else if (SkinTones.hasModifier(concept.get().emoji())) {
        toned++;
      } else {
        joined.add(new Joined(set.icon(name).orElseThrow(), concept.get()));
      }
    }
    LOG.info("{}: {} of {} icons joined to an emoji ({} skin-tone variants and {} others left out)",
        set.prefix(), joined.size(), set.iconNames().size(), toned, unjoined);
    return joined;
  }

  private synchronized ConceptCatalog catalog() {
    if (catalog == null) {
      catalog = ConceptCatalog.load();
    }
    return catalog;
  }

  private List<EmojiImage> render(List<Planned> planned) {
    if (renderThreads == 1) {
      return planned.stream().map(this::render).toList();
    }
    ExecutorService executor = Executors.newFixedThreadPool(renderThreads);
    try {
      List<Future<EmojiImage>> futures = new ArrayList<>(planned.size());
      for (Planned p : planned) {
        futures.add(executor.submit(() -> render(p)));
      }
      List<EmojiImage> images = new ArrayList<>(planned.size());
      for (Future<EmojiImage> future : futures) {
        images.add(future.get());
      }
      return List.copyOf(images);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("rendering the emoji corpus was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReactException re) {
        throw re;
      }
      throw new EmojiDataException("rendering the emoji corpus failed", e.getCause());
    } finally {
      executor.shutdownNow();
    }
  }

  private EmojiImage render(Planned p) {
    Path png = renderer.render(p.family(), p.icon());
    return new EmojiImage(p.id(), p.family(), p.concept().slug(), png, p.concept().captions(), p.license(), p.label());
  }

  /** Options of an {@link EmojiCorpus}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private Path cacheDir = defaultCacheDir();
    private int size = DEFAULT_SIZE;
    private List<String> families = POOL_FAMILIES;
    private List<String> testFamilies = TEST_FAMILIES;
    private List<String> validationFamilies = VALIDATION_FAMILIES;
    private int renderThreads = Math.max(1, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    /** Root of the render cache; PNGs go under {@code <cacheDir>/<iconify version>/<size>/}. */
    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
      return this;
    }

    /** Side of every image in pixels (default {@value EmojiCorpus#DEFAULT_SIZE}). */
    public Builder size(int size) {
      this.size = size;
      return this;
    }

    /** The pool's families, in de-duplication priority order (default {@link #POOL_FAMILIES}). */
    public Builder families(List<String> families) {
      this.families = List.copyOf(families);
      return this;
    }

    /** The held-out families the test sets are drawn from (default {@link #TEST_FAMILIES}). */
    public Builder testFamilies(List<String> testFamilies) {
      this.testFamilies = List.copyOf(testFamilies);
      return this;
    }

    /** The held-out families the validation sets are drawn from (default {@link #VALIDATION_FAMILIES}). */
    public Builder validationFamilies(List<String> validationFamilies) {
      this.validationFamilies = List.copyOf(validationFamilies);
      return this;
    }

    /** Threads rasterizing in parallel (default: available processors). */
    public Builder renderThreads(int renderThreads) {
      this.renderThreads = renderThreads;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a family list is empty, repeats or misspells a family,
     *     two lists share a family, or a number is out of range
     */
    public EmojiCorpus build() {
      checkFamilies("families", families);
      checkFamilies("testFamilies", testFamilies);
      checkFamilies("validationFamilies", validationFamilies);
      disjoint("pool", families, "test", testFamilies);
      disjoint("pool", families, "validation", validationFamilies);
      disjoint("validation", validationFamilies, "test", testFamilies);
      if (renderThreads < 1) {
        throw new IllegalArgumentException("renderThreads must be >= 1, but was " + renderThreads);
      }
      if (size < 8 || size > EmojiRenderer.MAX_SIZE) {
        throw new IllegalArgumentException(
            "image size must be in 8.." + EmojiRenderer.MAX_SIZE + ", but was " + size);
      }
      return new EmojiCorpus(this);
    }

    private static void disjoint(String what, List<String> list, String otherWhat, List<String> other) {
      Set<String> shared = new LinkedHashSet<>(list);
      shared.retainAll(other);
      if (!shared.isEmpty()) {
        throw new IllegalArgumentException(what + " and " + otherWhat + " families must be disjoint, but both contain " + shared);
      }
    }

    private static void checkFamilies(String what, List<String> list) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException(what + " must name at least one icon set, but was empty");
      }
      if (new HashSet<>(list).size() != list.size()) {
        throw new IllegalArgumentException(what + " must not repeat a family, but was " + list);
      }
      for (String f : list) {
        if (!FAMILY.matcher(f).matches()) {
          throw new IllegalArgumentException(
              what + " must be Iconify prefixes (lower-case, hyphens), but contained '" + f + "'");
        }
      }
    }
  }
}
