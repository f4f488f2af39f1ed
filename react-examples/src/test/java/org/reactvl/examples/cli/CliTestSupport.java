package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process and captures what it prints. */
final class CliTestSupport {
  private CliTestSupport() {}

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ReactCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Path shared() {
    Path p = Path.of(System.getProperty("react.shared", "../../shared"));
    return Files.isDirectory(p) ? p : Path.of("../shared");
  }

  static Path configA(String... more) {
    return shared().resolve("fixtures/clip-reference/models/config_A").resolve(Path.of("", more));
  }
}
