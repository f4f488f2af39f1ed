/**
 * The project's own small CLIP: its architecture ({@link org.reactvl.examples.model.EmojiClip}),
 * how it is pre-trained from scratch on the emoji pool or part of it ({@link
 * org.reactvl.examples.model.Pretraining}, {@link org.reactvl.examples.cli.PretrainCommand}, {@link
 * org.reactvl.examples.model.PretrainingSplit}) and how a model is scored on a held-out emoji
 * domain ({@link org.reactvl.examples.model.DomainEvaluation}).
 *
 * <p>No pretrained CLIP can be downloaded where this project is built, so the demo needs a general
 * model trained here, on real image-text pairs, by this library's own training code.
 */
package org.reactvl.examples.model;
