/**
 * Image decoding and CLIP preprocessing that reproduce Python's reference pipeline bit for bit.
 *
 * <p>CLIP was trained on images that went through {@code PIL.Image.open} and torchvision's {@code
 * Resize(224, BICUBIC) -> CenterCrop(224) -> ToTensor -> Normalize}. Small differences in
 * resampling move embeddings, so this package copies Pillow 9.4's behaviour rather than using
 * Java2D scaling:
 *
 * <ul>
 *   <li>{@link org.reactvl.core.image.ImageLoader} decodes JPEG, PNG, GIF, BMP and WebP into a
 *       {@link org.reactvl.core.image.DecodedImage} whose {@link org.reactvl.core.image.PixelMode}
 *       is the mode Pillow reports (palette images stay palette images, 16-bit grey stays 32-bit
 *       integer, alpha stays straight), because the mode decides how Pillow resizes.
 *   <li>{@link org.reactvl.core.image.ImagePreprocessor} resizes with Pillow's fixed-point
 *       antialiased bicubic (NEAREST for palette images, premultiplied for alpha), centre-crops,
 *       converts to RGB and normalises into CHW float arrays, one image or a batch.
 * </ul>
 *
 * <p>On the reference images (JPEG, grey, RGBA and palette PNGs) the 8-bit image after crop and the
 * float tensor equal the Python output exactly.
 */
package org.reactvl.core.image;
