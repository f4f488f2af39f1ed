package org.reactvl.examples.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiCorpus;
import org.reactvl.examples.emoji.EmojiImage;

/**
 * Which part of the emoji pool a base model is pre-trained on, so that the retrieval pool (all of
 * it) holds knowledge the base model lacks, as LAION holds for CLIP in the REACT paper.
 *
 * <p>A pool image is pre-trained on when its design family is one of {@code families} and, if its
 * concept belongs to one of the {@code thinnedDomains}, its family is one of {@code keptFamilies}:
 * the target domains' concepts are thinned out to a few designs, everything else is kept. {@link
 * #PAPER_SHAPED} keeps Animals-47 and Food-36 in Twemoji and Noto only: the base model sees each
 * animal and food in two designs and learns their names, while the pool adds five more designs it
 * never saw (about 370 animal and 220 food images). {@link #WHOLE_POOL} is the old design (the base
 * model saw every pool image).
 *
 * <p>Immutable and thread-safe.
 *
 * @param families the design families pre-trained on (a subset of the pool's)
 * @param thinnedDomains the domains whose concepts are kept only in {@code keptFamilies}
 * @param keptFamilies the families in which the thinned domains' concepts stay
 */
public record PretrainingSplit(List<String> families, List<Domain> thinnedDomains, List<String> keptFamilies) {
  /** Every pool image: the design of the first shipped model. */
  public static final PretrainingSplit WHOLE_POOL = new PretrainingSplit(EmojiCorpus.POOL_FAMILIES, List.of(), List.of());
  /** Every pool family, with Animals-47 and Food-36 kept only in Twemoji and Noto. */
  public static final PretrainingSplit PAPER_SHAPED = new PretrainingSplit(EmojiCorpus.POOL_FAMILIES,
      List.of(Domain.ANIMALS_47, Domain.FOOD_36), List.of("twemoji", "noto"));

  /**
   * @throws IllegalArgumentException if {@code families} is empty or names a family outside the pool,
   *     or {@code keptFamilies} names one outside {@code families}, or a list repeats an entry
   */
  public PretrainingSplit {
    families = List.copyOf(families);
    thinnedDomains = List.copyOf(thinnedDomains);
    keptFamilies = List.copyOf(keptFamilies);
    if (families.isEmpty()) {
      throw new IllegalArgumentException("pre-training families must name at least one pool family, but was empty");
    }
    unique("pre-training families", families);
    unique("thinned domains", thinnedDomains);
    unique("kept families", keptFamilies);
    for (String f : families) {
      if (!EmojiCorpus.POOL_FAMILIES.contains(f)) {
        throw new IllegalArgumentException("pre-training families must be pool families " + EmojiCorpus.POOL_FAMILIES + ", but "
            + "contained '" + f + "'");
      }
    }
    for (String f : keptFamilies) {
      if (!families.contains(f)) {
        throw new IllegalArgumentException("kept families must be pre-training families " + families + ", but contained '" + f + "'");
      }
    }
  }

  /** Whether {@code image} is pre-trained on. */
  public boolean includes(EmojiImage image) {
    if (!families.contains(image.family())) {
      return false;
    }
    boolean thinned = thinnedDomains.stream().anyMatch(d -> d.classOf(image.concept()).isPresent());
    return !thinned || keptFamilies.contains(image.family());
  }

  /** The images of {@code pool} pre-trained on, in pool order. */
  public List<EmojiImage> select(List<EmojiImage> pool) {
    List<EmojiImage> kept = new ArrayList<>();
    for (EmojiImage image : pool) {
      if (includes(image)) {
        kept.add(image);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("the pre-training split " + this + " must keep at least one of the " + pool.size()
          + " pool images, but keeps none");
    }
    return kept;
  }

  /**
   * The split as plain values for provenance.json, with the counts it gives on {@code pool}: images
   * kept and left out, and per thinned domain, the domain's pool images kept and the ones only the
   * retrieval pool holds.
   */
  public Map<String, Object> describe(List<EmojiImage> pool) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("families", families);
    m.put("thinned_domains", thinnedDomains.stream().map(Domain::id).toList());
    m.put("kept_families", keptFamilies);
    int kept = 0;
    for (EmojiImage image : pool) {
      kept += includes(image) ? 1 : 0;
    }
    m.put("images", kept);
    m.put("images_left_out", pool.size() - kept);
    Map<String, Object> domains = new LinkedHashMap<>();
    for (Domain domain : Domain.values()) {
      int seen = 0;
      int unseen = 0;
      for (EmojiImage image : pool) {
        if (domain.classOf(image.concept()).isPresent()) {
          if (includes(image)) {
            seen++;
          } else {
            unseen++;
          }
        }
      }
      domains.put(domain.id(), Map.of("pretrained", seen, "pool_only", unseen));
    }
    m.put("domain_images", domains);
    return m;
  }

  private static void unique(String what, List<?> list) {
    Set<Object> seen = new LinkedHashSet<>();
    for (Object o : list) {
      if (!seen.add(o)) {
        throw new IllegalArgumentException(what + " must not repeat an entry, but repeat " + o + " in " + list);
      }
    }
  }

  @Override
  public String toString() {
    return "families " + families + ", thinned " + thinnedDomains.stream().map(Domain::id).toList() + " kept in " + keptFamilies;
  }
}
