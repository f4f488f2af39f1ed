/**
 * Training data for the customization stage.
 *
 * <p>{@link org.reactvl.modules.data.PairDataset} holds image-caption pairs: from
 * {@link org.reactvl.modules.data.TrainingExample}s or a retrieved set (images decoded and
 * preprocessed on demand), or from pixels given up front. {@link org.reactvl.modules.data.Augmentation}
 * randomly crops, flips and colour-jitters normalised pixels; {@link org.reactvl.modules.data.Seeds}
 * derives every random draw from the run seed and the step, so a resumed run draws what the original
 * would have. {@link org.reactvl.modules.data.PrefixCache} keeps the output of the frozen image layers
 * in a temporary file when nothing about the images changes between epochs.
 */
package org.reactvl.modules.data;
