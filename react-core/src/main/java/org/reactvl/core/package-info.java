/**
 * REACT's core: the frozen CLIP backbone and the gated blocks that customize it.
 *
 * <ul>
 *   <li>{@code org.reactvl.core.clip}: model configuration, checkpoint loading and the two towers.
 *   <li>{@code org.reactvl.core.gated}: REACT's gated residual blocks, attachable and detachable.
 *   <li>{@code org.reactvl.core.text}: OpenAI's byte-level BPE tokenizer and prompt templates.
 *   <li>{@code org.reactvl.core.image}: image decoding and Pillow-compatible preprocessing.
 *   <li>{@code org.reactvl.core.io}: safetensors and npy files.
 *   <li>{@code org.reactvl.core.zeroshot}: zero-shot classification from class names.
 * </ul>
 *
 * <p>Errors: {@link org.reactvl.core.ReactException} and its subclasses for bad files and data,
 * {@link java.lang.IllegalArgumentException} for bad arguments, {@link java.lang.IllegalStateException}
 * for use after close.
 *
 * <p>The library writes nothing on {@code System.out} or {@code System.err}: it logs through SLF4J
 * (no binding shipped). Training no longer differentiates SameDiff graphs, whose differentiation
 * printed a line per op on {@code System.out}.
 */
package org.reactvl.core;
