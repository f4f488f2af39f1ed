/**
 * Evaluation of base and customized models on embeddings.
 *
 * <p>{@link org.reactvl.modules.eval.ZeroShotEvaluation}: top-1 and top-5 zero-shot accuracy, overall
 * and per class, of image embeddings against a {@code ZeroShotClassifier}'s class weights.
 * {@link org.reactvl.modules.eval.RetrievalEvaluation}: image-to-text and text-to-image recall@K on
 * paired embeddings. Every figure comes with a seeded percentile {@link org.reactvl.modules.eval.Bootstrap}
 * 95% interval: the small test sets this library is used with (a few images per class) make single
 * numbers misleading. Two models evaluated on the same images are compared by their paired difference
 * ({@link org.reactvl.modules.eval.Bootstrap#pairedDifference}), repeated training runs by their
 * {@link org.reactvl.modules.eval.Spread}.
 */
package org.reactvl.modules.eval;
