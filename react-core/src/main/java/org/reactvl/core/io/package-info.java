/**
 * Files: tensor files, safetensors (read memory-mapped with a bounded, fully validated header, the
 * tensors tiling the data section and every value finite) and NumPy {@code .npy}; F16, BF16 and F64
 * are widened to float32 on read, since the backbone computes in float32. And the one owner of how
 * this library writes to disk: {@link org.reactvl.core.io.AtomicFiles} writes every file under a
 * temporary name and renames it into place, and {@link org.reactvl.core.io.OutputFolders} writes
 * whole folders the same way, replacing or deleting a folder only when its content shows the
 * library wrote it, so nothing a user owns is ever deleted.
 */
package org.reactvl.core.io;
