/**
 * REACT's customization stage: training on image-caption pairs.
 *
 * <p>{@link org.reactvl.modules.train.Customizer} is the entry point: a builder of settings around a
 * base {@code ClipModel}, whose {@code fit(PairDataset)} returns a
 * {@link org.reactvl.modules.train.CustomizationResult} (the trained gated module or weights, the
 * logit scale, a {@link org.reactvl.modules.train.TrainingReport}). Three
 * {@link org.reactvl.modules.train.TuningStrategy strategies}: GATED_IMAGE (REACT: only new gated
 * blocks and the logit scale train), LOCKED_TEXT (the image tower trains) and FULL (everything trains,
 * for pre-training).
 *
 * <p>How it runs: a forward and backward pass written by hand on ND4J arrays, no autodiff graph
 * ({@code ResidualBlock}, {@code TowerEnds}, {@code ContrastiveLoss}, with GEMMs straight into BLAS
 * and a fused float32 layer norm). Frozen layers pass only input gradients; weight gradients are
 * computed only for what trains. The trained part of a tower is split into segments of layers; a
 * step runs them forward keeping only the segment inputs, then backward one segment at a time
 * (activation checkpointing, bounded memory; by default one segment when the activations fit). The
 * loss is CLIP's symmetric InfoNCE, and AdamW with decoupled weight decay (matrices only), warm-up
 * plus cosine schedule and global-norm clipping is written by hand over
 * the gradient arrays, bit-reproducible, so checkpoints resume exactly.
 * {@link org.reactvl.modules.train.TrainingListener} reports progress and can stop a run;
 * {@code TrainStepBenchmark} (in artifact react-bench) measures steps on random weights;
 * {@link org.reactvl.modules.train.NativeMemory} keeps resident memory flat.
 */
package org.reactvl.modules.train;
