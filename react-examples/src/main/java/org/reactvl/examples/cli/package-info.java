/**
 * The {@code react} command-line app: one picocli subcommand per job.
 *
 * <p>{@link org.reactvl.examples.cli.ReactCli} is the entry point and registers the subcommands:
 * tokenizing, preprocessing and embedding ({@code tokenize}, {@code preprocess}, {@code embed-text},
 * {@code embed-image}), REACT's retrieval stage ({@code index}, {@code retrieve}, locally in Lucene
 * or on SolrCloud), its customization stage ({@code customize}, {@code eval}), the end-to-end
 * {@code demo}, {@code emoji-corpus} and {@code pretrain} of the default model, {@code host-demo}
 * and {@code bench}. Commands print results on stdout (tables, or JSON with {@code --json}) and
 * progress and errors on stderr; a bad argument or input ends with exit status 1 and a message
 * naming the offending value.
 */
package org.reactvl.examples.cli;
