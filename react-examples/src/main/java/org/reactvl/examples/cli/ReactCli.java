package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code react} command-line app: {@code java -jar react-examples/target/react.jar <command>}.
 * Bad input exits non-zero with one line naming the file and the problem.
 */
@Command(
    name = "react",
    mixinStandardHelpOptions = true,
    version = "react 0.1.0-SNAPSHOT",
    description = "REACT for the JVM: retrieval-augmented customization of CLIP models.",
    subcommands = {
      TokenizeCommand.class,
      EmbedTextCommand.class,
      EmbedImageCommand.class,
      PreprocessCommand.class,
      IndexCommand.class,
      RetrieveCommand.class,
      CustomizeCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      org.reactvl.examples.emoji.EmojiCorpusCommand.class,
      PretrainCommand.class,
      HostDemoCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ReactCli implements Runnable {
  /** Exit code for bad input or a failed run. */
  public static final int EXIT_FAILURE = 1;
  /** Exit code of a training run stopped by Ctrl-C after writing its checkpoint (128 + SIGINT). */
  public static final int EXIT_INTERRUPTED = 130;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Read by {@link #main} before parsing (loggers must be configured before they exist); declared for help. */
  @Option(names = ConsoleLogging.VERBOSE, scope = ScopeType.INHERIT,
      description = "Also show the libraries' INFO log lines (ND4J, Lucene, Solr); default: warnings only.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    ConsoleLogging.configure(Arrays.asList(args).contains(ConsoleLogging.VERBOSE));
    NativeRuntime.configure();
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit status (for tests and embedding). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /**
   * Runs the CLI with the given output and error streams and returns its exit status. Commands
   * write only to {@code out} and {@code err}.
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new ReactCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter errors = commandLine.getErr();
          errors.println("error: " + oneLine(e));
          errors.flush();
          return EXIT_FAILURE;
        });
    return cli.execute(args);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }
}
