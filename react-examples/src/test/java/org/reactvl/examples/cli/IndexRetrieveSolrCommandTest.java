package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.configA;
import static org.reactvl.examples.cli.CliTestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.solr.SolrCluster;
import org.reactvl.index.solr.SolrClusterExtension;

/** {@code index} and {@code retrieve} with {@code --store} on the loopback SolrCloud of react-index-solr's tests. */
@ExtendWith(SolrClusterExtension.class)
class IndexRetrieveSolrCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final SolrCluster cluster;

  IndexRetrieveSolrCommandTest(SolrCluster cluster) {
    this.cluster = cluster;
  }

  @AfterEach
  void deleteCollections() {
    cluster.deleteCollection("shades-images");
    cluster.deleteCollection("shades-captions");
  }

  @Test
  void should_index_a_pool_in_two_shards_into_solr_and_retrieve_from_it() throws IOException {
    // given
    Path manifest = CliTestSupport.shadesPool(tmp);
    String store = cluster.location("shades").toString();
    Path classes = tmp.resolve("classes.txt");
    Files.writeString(classes, "shade number 1\nshade number 4\n");
    Path templates = tmp.resolve("templates.txt");
    Files.writeString(templates, "{}\n");
    Path out = tmp.resolve("retrieved.jsonl");

    // when: two indexers take one shard each (as two machines would), then one indexes it all again
    CliTestSupport.Run first = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--store",
        store, "--shard", "0/2", "--batch", "4");
    CliTestSupport.Run second = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(),
        "--store", store, "--shard", "1/2");
    CliTestSupport.Run again = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--store",
        store);
    CliTestSupport.Run retrieve = run("retrieve", "--model", configA("hf").toString(), "--store", store, "--classes",
        classes.toString(), "--templates", templates.toString(), "--per-class", "1", "--mode", "t2t", "--out",
        out.toString());

    // then: the shards split the pool, together they stored it all, and retrieval finds the right pairs
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    JsonNode a = JSON.readTree(first.out());
    JsonNode b = JSON.readTree(second.out());
    assertThat(a.get("pairs").asInt()).isEqualTo(6);
    assertThat(a.get("images_added").asInt() + a.get("other_shards").asInt()).isEqualTo(6);
    assertThat(a.get("images_added").asInt() + b.get("images_added").asInt()).isEqualTo(6);
    assertThat(a.get("captions_added").asInt() + b.get("captions_added").asInt()).isEqualTo(6);
    assertThat(again.out()).startsWith("{\"pairs\":6,\"images_added\":0,\"captions_added\":0,\"already_stored\":6,");
    assertThat(retrieve.exitCode()).as(retrieve.err()).isZero();
    RetrievedSet set = RetrievedSet.read(out);
    assertThat(set.byClass().get("shade number 1")).extracting(RetrievedPair::id).containsExactly("s1");
    assertThat(set.byClass().get("shade number 4")).extracting(RetrievedPair::id).containsExactly("s4");
  }

  @Test
  void should_refuse_quantized_encodings_and_missing_collections() throws IOException {
    Path manifest = CliTestSupport.shadesPool(tmp);
    String store = cluster.location("shades").toString();
    Path classes = tmp.resolve("classes.txt");
    Files.writeString(classes, "red\n");

    CliTestSupport.Run int8 = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--store",
        store, "--encoding", "int8");
    CliTestSupport.Run both = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--store",
        store, "--out", tmp.resolve("index").toString());
    run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--store", store, "--keys",
        "image");
    CliTestSupport.Run t2t = run("retrieve", "--model", configA("hf").toString(), "--store", store, "--classes",
        classes.toString(), "--per-class", "2", "--mode", "t2t", "--out", tmp.resolve("x.jsonl").toString());

    assertThat(int8.err().strip()).isEqualTo("error: encoding must be float32 for a Solr store (Solr 9.10 has "
        + "no quantized vector fields), but was int8");
    assertThat(both.err().strip()).isEqualTo("error: exactly one of --out DIR and --store URI must be given, but both were");
    assertThat(t2t.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(t2t.err().strip()).isEqualTo("error: Solr collection 'shades-captions' must exist (opened without "
        + "createIfMissing), but " + cluster.location("shades-captions") + " has no such collection");
  }
}
