package org.reactvl.examples.emoji;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Finds files of an npm webjar ({@code org.webjars.npm}) on the classpath. */
final class Webjars {

  private Webjars() {}

  /** The version of the webjar with this artifact id, read from its Maven metadata. */
  static String version(String artifactId) {
    String path = "META-INF/maven/org.webjars.npm/" + artifactId + "/pom.properties";
    try (InputStream in = open(artifactId, path)) {
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      if (version.isBlank()) {
        throw new EmojiDataException(path + " must name a version, but has none");
      }
      return version;
    } catch (IOException e) {
      throw new EmojiDataException("cannot read " + path, e);
    }
  }

  /** Opens {@code META-INF/resources/webjars/<artifactId>/<version>/<file>}. */
  static InputStream openFile(String artifactId, String file) {
    return open(artifactId, "META-INF/resources/webjars/" + artifactId + "/" + version(artifactId) + "/" + file);
  }

  private static InputStream open(String artifactId, String path) {
    InputStream in = Webjars.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new EmojiDataException(
          "classpath resource " + path + " must exist, but was not found; the jar org.webjars.npm:"
              + artifactId + " must be on the classpath");
    }
    return in;
  }
}
