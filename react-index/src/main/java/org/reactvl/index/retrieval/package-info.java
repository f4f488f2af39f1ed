/**
 * Retrieval: REACT's first stage, finding for every class of a target domain the pool pairs to
 * customize a model with.
 *
 * <ul>
 *   <li>{@link org.reactvl.index.retrieval.Retriever}: the extension point, {@code retrieve(request)}
 *       and a {@code name()}; {@link org.reactvl.index.retrieval.RetrieverProvider} registers one for
 *       {@link java.util.ServiceLoader}, and {@link org.reactvl.index.retrieval.Retrievers} finds it by
 *       name.
 *   <li>{@link org.reactvl.index.retrieval.KnnRetriever} ({@code knn}): class-balanced k-NN over pool
 *       stores; text-to-image (the paper's default), text-to-text over captions, or image-to-image from
 *       example images. Its class documentation states the merging, ownership, de-duplication, floor and
 *       cap rules.
 *   <li>{@link org.reactvl.index.retrieval.HybridRetriever} ({@code hybrid}): BM25 over the pool's
 *       caption words ({@link org.reactvl.index.text.CaptionTextIndex}) fused with k-NN by reciprocal
 *       rank, balanced by the same rules.
 *   <li>{@link org.reactvl.index.retrieval.RetrievalRequest}: classes, templates, K per query, cap per
 *       class, score floor, near-duplicate threshold, filter.
 *   <li>{@link org.reactvl.index.retrieval.RetrievedSet}: the result, pairs per class with the queries
 *       and scores that found them; a JSON Lines manifest with a SHA-256 content digest that the
 *       training stage records as provenance.
 * </ul>
 *
 * <pre>{@code
 * try (var images = PoolStores.openLucene(dir.resolve("images"), PoolKey.IMAGE, clip.fingerprint(), 512, VectorEncoding.INT8)) {
 *   Retriever retriever = Retrievers.create("knn", RetrieverContext.of(ClipEmbedder.of(clip, tokenizer)).withImageStore(images));
 *   RetrievedSet set = retriever.retrieve(RetrievalRequest.builder(classNames).perQuery(100).perClass(200).build());
 *   set.write(Path.of("retrieved.jsonl"));
 * }
 * }</pre>
 */
package org.reactvl.index.retrieval;
