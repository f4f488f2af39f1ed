/**
 * Full-text search over a pool's captions: {@link org.reactvl.index.text.CaptionTextIndex} keeps one
 * Lucene document per pair and ranks pairs for a class name with BM25, the keyword half of the
 * {@code hybrid} retriever ({@link org.reactvl.index.retrieval.HybridRetriever}).
 */
package org.reactvl.index.text;
