package org.reactvl.examples.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the CLI's console shows besides its own lines and progress: warnings and errors only, or with
 * {@code --verbose} also the libraries' INFO lines (ND4J's native backend banner, SameDiff, Lucene,
 * SolrJ, ZooKeeper). Set once, before any logger exists, unless the user set a level on the command
 * line ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel=...}).
 */
final class ConsoleLogging {
  /** The option that turns INFO lines on, read before the command line is parsed. */
  static final String VERBOSE = "--verbose";

  /** Lucene logs through java.util.logging, whose loggers are only weakly held. */
  private static Logger lucene;

  private ConsoleLogging() {}

  static void configure(boolean verbose) {
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    // ND4J warns at start-up about duplicates in its own TensorFlow op table: nothing a user can act on.
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping",
        verbose ? "info" : "error");
    // JavaCPP's own warnings go through SLF4J too, instead of straight to standard error.
    System.getProperties().putIfAbsent("org.bytedeco.javacpp.logger", "slf4j");
    lucene = Logger.getLogger("org.apache.lucene");
    lucene.setLevel(verbose ? Level.INFO : Level.WARNING);
  }
}
