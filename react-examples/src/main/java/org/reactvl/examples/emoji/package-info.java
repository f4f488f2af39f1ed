/**
 * A real image-text corpus for the miniature REACT demo, built from emoji sets on Maven Central
 * and rendered on the JVM.
 *
 * <p>REACT retrieves image-text pairs from a large, noisily captioned pool to customize CLIP for a
 * target domain. Here the pool is eight emoji design families (Twemoji, Noto and Noto v1, OpenMoji,
 * EmojiOne and EmojiOne v1, Firefox OS, Streamline), about 10k renderings of about 1,900 emoji, each
 * captioned from human-written fields: the Unicode CLDR name and keywords and the emojilib
 * keywords. The target domains ({@link org.reactvl.examples.emoji.Domain}: 47 animals, 36 foods) are
 * tested on a design family the pool never saw, Microsoft Fluent in three styles.
 *
 * <ul>
 *   <li>{@link org.reactvl.examples.emoji.EmojiCorpus}: the entry point; selects, renders and caches
 *       the pool and the labelled test sets.
 *   <li>{@link org.reactvl.examples.emoji.ManifestWriter}: JSON Lines manifests of those images.
 *   <li>{@link org.reactvl.examples.emoji.IconSet}, {@link org.reactvl.examples.emoji.ConceptCatalog},
 *       {@link org.reactvl.examples.emoji.EmojiRenderer}: the Iconify sets, the join of an icon to its
 *       emoji concept, and the SVG rasterizer with its PNG cache, usable on their own.
 *   <li>{@link org.reactvl.examples.emoji.EmojiCorpusCommand}: builds everything from the command line
 *       and prints counts and licences.
 * </ul>
 *
 * <p>Licences: the sets are CC BY 4.0, CC BY-SA 4.0, Apache 2.0 or MIT (each
 * {@link org.reactvl.examples.emoji.EmojiImage} carries its set's
 * {@link org.reactvl.examples.emoji.SetLicense}); CC BY sets need attribution and OpenMoji and
 * EmojiOne v1 are ShareAlike. Rendered images are cached on the user's machine, never committed.
 */
package org.reactvl.examples.emoji;
