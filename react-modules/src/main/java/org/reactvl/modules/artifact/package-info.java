/**
 * Trained modules on disk. A {@link org.reactvl.modules.artifact.ModuleArtifact} is a folder with the
 * gated blocks in REACT's released safetensors naming and a {@code module.json}
 * ({@link org.reactvl.modules.artifact.ModuleMetadata}) recording the base model's fingerprint, the
 * training settings and data provenance, and metrics. It is written atomically, and reading it for a
 * different base model fails with a {@link org.reactvl.core.BackboneMismatchException}
 * naming both fingerprints. Gated blocks released by REACT can be imported and exported as they are.
 */
package org.reactvl.modules.artifact;
