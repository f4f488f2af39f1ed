/**
 * The CLIP backbone: its configuration, weights, checkpoint loading and writing, and the two towers.
 *
 * <p>{@link org.reactvl.core.clip.ClipModel} is the entry point: {@code ClipModel.load(folder)} reads
 * a Hugging Face folder ({@code config.json} + {@code model.safetensors}) or an open_clip file, and
 * encodes images and texts into CLIP's joint embedding space. {@link org.reactvl.core.clip.ClipConfig}
 * describes an architecture of any ViT size ({@link org.reactvl.core.clip.ClipArchitectures} names
 * the published ones); {@link org.reactvl.core.clip.ClipWeights} holds the tensors under one naming
 * scheme whatever file they came from; {@link org.reactvl.core.clip.CheckpointLoader} and
 * {@link org.reactvl.core.clip.CheckpointWriter} read and write them; {@link
 * org.reactvl.core.clip.ClipGraphBuilder} builds the SameDiff graphs of the towers, with or without
 * gated blocks; {@link org.reactvl.core.clip.ClipInitializer} makes seeded random weights for
 * training from scratch.
 */
package org.reactvl.core.clip;
