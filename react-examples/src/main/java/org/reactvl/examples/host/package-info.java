/**
 * Embedding REACT in a host application: a service that loads its base CLIP once and answers
 * "classify this image in domain X" with a customized module per domain.
 *
 * <ul>
 *   <li>{@link org.reactvl.examples.host.DomainClassifierService}: the long-lived object a host
 *       keeps. One base model, one attached GATED_IMAGE module and one zero-shot classifier per
 *       domain; thread-safe requests; modules read from a folder or built at start-up.
 *   <li>{@link org.reactvl.examples.host.DomainModuleTrainer}: builds a missing module from a
 *       domain's class names: retrieval with any {@link org.reactvl.index.retrieval.Retriever}, then
 *       GATED_IMAGE customization.
 *   <li>{@link org.reactvl.examples.host.KeywordRetriever}: a retriever written against the public
 *       SPI, as a user would write one: caption string matching over a pool of pairs. Its provider
 *       registers it as {@code keyword} in {@code META-INF/services}, so {@code
 *       Retrievers.create("keyword", context)} finds it next to the built-in {@code knn}.
 *   <li>{@code react host-demo} (the CLI's {@code HostDemoCommand}): {@code react host-demo}, all of the above
 *       from the command line.
 * </ul>
 *
 * <p>Why a view per domain: attaching a gated module ({@code ModuleArtifact.applyTo}) returns a model
 * that shares the base model's weight arrays and adds the module's blocks, so keeping one per
 * domain costs each module's parameters and one image graph, not a copy of the base. The views are
 * made once at start-up; a request only runs one.
 */
package org.reactvl.examples.host;
