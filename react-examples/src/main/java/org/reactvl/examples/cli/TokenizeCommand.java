package org.reactvl.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.core.text.ClipTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenize}: texts to 77 CLIP token ids each, as {@code clip.tokenize(text, 77, truncate=True)}. */
@Command(name = "tokenize", description = "Tokenize texts (one JSON string per line) into 77 CLIP token ids per line.")
final class TokenizeCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, paramLabel = "TEXTS.jsonl")
  Path in;

  @Option(names = "--out", paramLabel = "IDS.jsonl", description = "Output file (default: standard output).")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (out != null) {
      OutputPaths.checkNotAnInput("--out", out, List.of(in));
    }
    List<String> texts = JsonLines.readStrings(in);
    ClipTokenizer tokenizer = ClipTokenizer.load();
    try {
      if (out == null) {
        try (Writer w = new NonClosing(spec.commandLine().getOut())) {
          writeIds(w, tokenizer, texts);
        }
      } else {
        AtomicFiles.writeText(out, w -> writeIds(w, tokenizer, texts));
      }
    } catch (IOException e) {
      throw new ReactException("cannot write '" + out + "': " + OutputFolders.describe(e), e);
    }
    return 0;
  }

  private static void writeIds(Writer w, ClipTokenizer tokenizer, List<String> texts) throws IOException {
    for (String text : texts) {
      w.write(JsonLines.toJson(tokenizer.tokenize(text)));
      w.write('\n');
    }
  }

  /** Standard output stays open after the command. */
  private static final class NonClosing extends java.io.FilterWriter {
    NonClosing(PrintWriter w) {
      super(w);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
