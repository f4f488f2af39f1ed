/**
 * REACT's gated blocks: the only weights REACT trains. A {@link org.reactvl.core.gated.GatedModule}
 * holds one pre-norm transformer block per customized vision layer, each branch scaled by
 * {@code tanh(alpha)} with alpha starting at 0, so attaching a fresh module changes nothing and
 * detaching any module restores the base model bit for bit. Modules are small (about 7M parameters
 * per block for ViT-B) and a host application can keep one per domain over a single shared backbone.
 */
package org.reactvl.core.gated;
