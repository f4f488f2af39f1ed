package org.reactvl.examples.cli;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

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

  /** Six PNGs of different colours in {@code dir/pool}; pair i ("s" + i) has caption "shade number i". */
  static Path shadesPool(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      BufferedImage image = new BufferedImage(36, 30, BufferedImage.TYPE_INT_RGB);
      int rgb = Color.getHSBColor(i / 6f, 0.9f, 0.8f).getRGB();
      for (int y = 0; y < 30; y++) {
        for (int x = 0; x < 36; x++) {
          image.setRGB(x, y, x < 6 * (i + 1) ? rgb : 0x202020);
        }
      }
      Files.createDirectories(dir.resolve("pool/img"));
      ImageIO.write(image, "png", dir.resolve("pool/img/" + i + ".png").toFile());
      lines.add("{\"id\":\"s" + i + "\",\"image\":\"img/" + i + ".png\",\"caption\":\"shade number " + i + "\"}");
    }
    Path manifest = dir.resolve("pool/pool.jsonl");
    Files.write(manifest, lines);
    return manifest;
  }

  static Path configA(String... more) {
    return shared().resolve("fixtures/clip-reference/models/config_A").resolve(Path.of("", more));
  }
}
