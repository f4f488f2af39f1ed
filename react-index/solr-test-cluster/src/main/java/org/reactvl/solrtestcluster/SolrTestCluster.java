package org.reactvl.solrtestcluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a SolrCloud on loopback for tests: an embedded ZooKeeper and N Solr nodes in this JVM, driven
 * line by line over standard input and output so that a test in another JVM (with another Lucene) can
 * use it.
 *
 * <pre>
 * java -cp CLASSPATH org.reactvl.solrtestcluster.SolrTestCluster BASE_DIR NODES
 *
 * out: ready zk=127.0.0.1:PORT/solr urls=http://127.0.0.1:P1/solr,http://127.0.0.1:P2/solr
 * in:  stop I    out: stopped I          (node I, from 0, stops; its port stays reserved for it)
 * in:  start I   out: started I URL      (node I starts again on the same port and is live)
 * in:  end of input, or "shutdown": the cluster shuts down and the process exits with 0
 * a command that fails answers "error MESSAGE" and the cluster keeps running
 * </pre>
 *
 * <p>Every other line this process writes goes to {@code BASE_DIR/logs} (log4j2.xml on the classpath),
 * so standard output carries only these answers. Collections and configsets are the client's business;
 * the cluster starts with none.
 */
public final class SolrTestCluster {
  private static final String PREFIX = "solr-test-cluster: ";

  private SolrTestCluster() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrTestCluster BASE_DIR NODES");
      System.exit(2);
    }
    Path base = Path.of(args[0]).toAbsolutePath();
    int nodes = Integer.parseInt(args[1]);
    Files.createDirectories(base.resolve("logs"));
    // Read by Solr's startup checks and by our log4j2.xml; without it Solr warns on every node start.
    System.setProperty("solr.log.dir", base.resolve("logs").toString());
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, base.resolve("cluster")).build();
    try {
      answer("ready zk=" + cluster.getZkServer().getZkAddress() + " urls=" + urls(cluster.getJettySolrRunners()));
      serve(cluster, List.copyOf(cluster.getJettySolrRunners()));
    } finally {
      cluster.shutdown();
    }
  }

  /** Answers commands; {@code nodes} is fixed at start (the cluster's own list drops stopped nodes). */
  private static void serve(MiniSolrCloudCluster cluster, List<JettySolrRunner> nodes) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.strip().equals("shutdown"); line = in.readLine()) {
      String[] words = line.strip().split(" ");
      try {
        if (words.length == 2 && words[0].equals("stop")) {
          int node = Integer.parseInt(words[1]);
          cluster.stopJettySolrRunner(nodes.get(node));
          cluster.waitForJettyToStop(nodes.get(node));
          answer("stopped " + node);
        } else if (words.length == 2 && words[0].equals("start")) {
          int node = Integer.parseInt(words[1]);
          JettySolrRunner jetty = cluster.startJettySolrRunner(nodes.get(node), true);
          cluster.waitForNode(jetty, 60);
          answer("started " + node + " " + jetty.getBaseUrl());
        } else {
          answer("error unknown command '" + line + "'; known: stop I, start I, shutdown");
        }
      } catch (Exception e) {
        answer("error " + e.toString().replace('\n', ' '));
      }
    }
  }

  private static String urls(List<JettySolrRunner> nodes) {
    return nodes.stream().map(n -> n.getBaseUrl().toString()).collect(Collectors.joining(","));
  }

  private static void answer(String line) {
    System.out.println(PREFIX + line);
    System.out.flush();
  }
}
