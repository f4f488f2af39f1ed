/**
 * REACT's customization stage for a host application. {@link org.reactvl.modules.DomainCustomization}
 * is the one call: class names in, a {@link org.reactvl.modules.artifact.ModuleArtifact} out
 * (retrieval with any {@link org.reactvl.index.retrieval.Retriever}, then gated-image tuning).
 *
 * <ul>
 *   <li>{@code org.reactvl.modules.train}: the customizer and its settings, progress and results.
 *   <li>{@code org.reactvl.modules.data}: retrieved pairs as training data.
 *   <li>{@code org.reactvl.modules.artifact}: trained modules on disk.
 *   <li>{@code org.reactvl.modules.eval}: zero-shot and retrieval evaluation.
 * </ul>
 */
package org.reactvl.modules;
