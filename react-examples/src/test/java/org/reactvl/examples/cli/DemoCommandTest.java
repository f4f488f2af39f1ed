package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void should_reject_an_unknown_domain_naming_the_known_ones() {
    CliTestSupport.Run run = CliTestSupport.run("demo", "--domains", "animals-47,plants-12", "--out", "target/never-written");

    assertThat(run.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(run.err()).contains("error: --domains must name domains of [animals-47, food-36], but was 'plants-12'");
  }

  @Test
  void should_reject_an_unknown_retrieval_naming_the_known_ones() {
    CliTestSupport.Run run = CliTestSupport.run("demo", "--retrieval", "bm25", "--out", "target/never-written");

    assertThat(run.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(run.err()).contains("error: retrieval must be one of t2i, t2t, hybrid, hybrid-t2t, but was 'bm25'");
  }

  @Test
  void should_list_its_options_in_the_help() {
    CliTestSupport.Run run = CliTestSupport.run("demo", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--quick", "--out", "--model", "--domains", "--per-class", "--seed", "--seeds", "--retrieval", "--cache-dir");
  }
}
