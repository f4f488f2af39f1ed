package org.reactvl.index.solr;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * The loopback SolrCloud of the Solr tests: an embedded ZooKeeper and {@value #NODES} Solr nodes, run
 * by module {@code react-index/solr-test-cluster} in a JVM of its own (Solr 9 carries Lucene 9; this
 * module has Lucene 10). Started once per test run by {@link SolrClusterExtension}, stopped when the run
 * ends (and, should this JVM die, by the child itself when its standard input closes). Other modules'
 * tests use it through react-index-solr's test jar (with {@code react.solr.cluster} set the same way).
 *
 * <p>The child is {@code java -cp <react.solr.cluster>/classes:<runtime-classpath.txt>
 * org.reactvl.solrtestcluster.SolrTestCluster DIR 2}; the Maven reactor builds that module before this
 * one and surefire sets {@code react.solr.cluster} to its {@code target} folder. Its logs go to {@code
 * DIR/logs}; a failed start reports their tail. The store's configset auto-commits every 15 s as a safety
 * net; here that is off ({@code -Dsolr.autoCommit.maxTime=-1}), so that segments follow the store's own
 * commits and not the machine's load, and recall figures repeat. Only a JVM that cannot run Solr at all aborts the tests
 * (an assumption, reported as skipped); every other failure fails them.
 */
public final class SolrCluster implements AutoCloseable {
  /** Solr nodes of the cluster. */
  public static final int NODES = 2;
  private static final String PREFIX = "solr-test-cluster: ";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final Process process;
  private final Path dir;
  private final Writer commands;
  private final BlockingQueue<String> answers;
  private final String zkAddress;
  private final List<String> solrHosts;
  private final CloudSolrClient admin;

  private SolrCluster(Process process, Path dir, BlockingQueue<String> answers, String ready) {
    this.process = process;
    this.dir = dir;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.answers = answers;
    // ready zk=127.0.0.1:PORT/solr urls=http://127.0.0.1:P1/solr,http://127.0.0.1:P2/solr
    String[] words = ready.split(" ");
    this.zkAddress = words[1].substring("zk=".length());
    this.solrHosts = Arrays.stream(words[2].substring("urls=".length()).split(","))
        .map(url -> url.substring("http://".length(), url.indexOf("/solr"))).toList();
    this.admin = new CloudHttp2SolrClient.Builder(solrHosts.stream().map(h -> "http://" + h + "/solr").toList()).build();
  }

  /** The cluster of this test run, started on first use. */
  static SolrCluster of(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(SolrCluster.class))
        .getOrComputeIfAbsent(SolrCluster.class, key -> start(), SolrCluster.class);
  }

  /** A location of {@code collection} reached through the Solr nodes. */
  public SolrLocation location(String collection) {
    return SolrLocation.ofSolrNodes(collection, solrHosts.toArray(String[]::new));
  }

  /** A location of {@code collection} reached through ZooKeeper ({@code host:port/solr}). */
  public SolrLocation zooKeeperLocation(String collection) {
    int slash = zkAddress.indexOf('/');
    return SolrLocation.ofZooKeeper(collection, zkAddress.substring(slash), zkAddress.substring(0, slash));
  }

  /** Stops node {@code node} (from 0); its replicas become unreachable. */
  public void stopNode(int node) {
    command("stop " + node, "stopped " + node);
  }

  /** Starts node {@code node} again on its port; returns when it is live (its replicas may still recover). */
  public void startNode(int node) {
    command("start " + node, "started " + node);
  }

  /** Deletes a collection the tests made and its configset, those of them that exist. */
  public void deleteCollection(String collection) {
    try {
      if (CollectionAdminRequest.listCollections(admin).contains(collection)) {
        CollectionAdminRequest.deleteCollection(collection).process(admin);
      }
      String configSet = SolrCollections.configSetName(collection);
      if (new ConfigSetAdminRequest.List().process(admin).getConfigSets().contains(configSet)) {
        new ConfigSetAdminRequest.Delete().setConfigSetName(configSet).process(admin);
      }
    } catch (SolrServerException | IOException e) {
      throw new IllegalStateException("cannot delete test collection '" + collection + "': " + e, e);
    }
  }

  private synchronized void command(String command, String expectedStart) {
    try {
      commands.write(command + "\n");
      commands.flush();
      String answer = answers.poll(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (answer == null || !answer.startsWith(expectedStart)) {
        throw new IllegalStateException("test cluster must answer '" + command + "' with '" + expectedStart
            + "', but answered " + (answer == null ? "nothing within " + COMMAND_TIMEOUT : "'" + answer + "'")
            + "; log: " + logTail());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send '" + command + "' to the test cluster", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the test cluster", e);
    }
  }

  /** Ends the child (end of its input), waits for it, deletes its folder; called when the test run ends. */
  @Override
  public void close() throws IOException, InterruptedException {
    admin.close();
    commands.close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    deleteFolder(dir);
  }

  private static SolrCluster start() {
    Path target = Path.of(System.getProperty("react.solr.cluster", "solr-test-cluster/target"));
    Path classpathFile = target.resolve("runtime-classpath.txt");
    Path classes = target.resolve("classes");
    if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(classes)) {
      throw new IllegalStateException("the Solr test cluster must be built before these tests (" + classpathFile
          + " and " + classes + "), but is not: run Maven from the project root with -am, e.g. "
          + "mvn -pl react-index -am test");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    try {
      Path dir = Files.createTempDirectory("react-solr-cluster-");
      String classpath = classes + File.pathSeparator + Files.readString(classpathFile).strip();
      List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-XX:+UseSerialGC",
          "-Dsolr.autoCommit.maxTime=-1", "-cp", classpath, "org.reactvl.solrtestcluster.SolrTestCluster",
          dir.toString(), Integer.toString(NODES)));
      Process process = new ProcessBuilder(command)
          .redirectError(dir.resolve("stderr.log").toFile())
          .start();
      BlockingQueue<String> answers = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> readAnswers(process, answers), "solr-test-cluster-stdout");
      reader.setDaemon(true);
      reader.start();
      String ready = answers.poll(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (ready == null || !ready.startsWith("ready ")) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        String log = Files.readString(dir.resolve("stderr.log"));
        if (log.contains("UnsupportedClassVersionError") || log.contains("Could not create the Java Virtual Machine")) {
          throw new TestAbortedException("the JVM " + java + " (Java " + Runtime.version() + ") cannot run the Solr "
              + "test cluster, so the Solr tests are skipped: " + log.strip());
        }
        throw new IllegalStateException("the Solr test cluster must start within " + START_TIMEOUT + ", but "
            + (ready == null ? "did not" : "answered '" + ready + "'") + "; stderr: " + tail(log) + "; log: "
            + tail(readQuietly(dir.resolve("logs/solr.log"))));
      }
      return new SolrCluster(process, dir, answers, ready);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Solr test cluster with " + java, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Solr test cluster", e);
    }
  }

  private static void readAnswers(Process process, BlockingQueue<String> answers) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(PREFIX)) {
          answers.add(line.substring(PREFIX.length()));
        }
      }
    } catch (IOException e) {
      answers.add("error reading the cluster's output: " + e);
    }
    answers.add("exited with " + process.onExit().join().exitValue());
  }

  private String logTail() {
    return tail(readQuietly(dir.resolve("logs/solr.log")));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e + ")";
    }
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }

  private static void deleteFolder(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
