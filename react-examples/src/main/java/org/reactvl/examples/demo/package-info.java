/**
 * {@code react demo}: REACT end to end on the emoji corpus, with controls, figures and a report.
 *
 * <p>{@link org.reactvl.examples.demo.DemoPipeline} runs, for each target domain: the base model's
 * zero-shot accuracy on held-out test and validation renderings; class-balanced retrieval from the
 * pool (indexed once in Lucene; text-to-image, text-to-text or hybrid BM25 + kNN, {@link
 * org.reactvl.examples.demo.DemoRetrieval}); gated-image customization on the retrieved pairs;
 * zero-shot accuracy again; two controls, the same recipe on as many random pool pairs and
 * locked-text tuning on the retrieved pairs; and an oracle, the same recipe on the pool's own
 * drawings of each class. Each trained arm may run over several seeds; arms are compared by paired
 * bootstrap differences on the same images. {@link org.reactvl.examples.demo.DemoSettings} says how much of everything,
 * and can slice the data down for tests; {@link org.reactvl.examples.demo.DemoResult} holds every
 * figure; {@link org.reactvl.examples.demo.ResultsTable}, {@link org.reactvl.examples.demo.ResultsJson}
 * and {@link org.reactvl.examples.demo.HtmlReport} present them; a
 * {@link org.reactvl.examples.demo.DemoProgress} shows the long steps as they run.
 *
 * <p>The random-pairs control asks whether the gain comes from retrieving the right data rather
 * than from any extra training; the locked-text control compares REACT's gated recipe with tuning
 * the whole image tower; the oracle shows the ceiling perfect retrieval would reach. The report
 * shows every arm as measured, whether REACT helps or not.
 */
package org.reactvl.examples.demo;
