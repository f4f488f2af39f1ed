package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactvl.modules.train.TrainingListener;

class StopOnInterruptTest {
  private final StringWriter err = new StringWriter();

  @Test
  void should_ask_the_run_to_stop_and_keep_the_hook_waiting_until_the_command_is_done() throws InterruptedException {
    StopOnInterrupt stop = StopOnInterrupt.unhooked(null, new PrintWriter(err, true), Duration.ofMinutes(1));
    assertThat(stop.stopRequested()).isFalse();

    Thread hook = Thread.ofPlatform().start(stop::interrupted);
    waitUntil(stop::stopRequested);
    hook.join(200);

    assertThat(hook.isAlive()).as("the hook waits while the checkpoint is written").isTrue();
    assertThat(stop.wasInterrupted()).isTrue();
    stop.close();
    assertThat(hook.join(Duration.ofSeconds(10))).as("the hook returns once the command closes").isTrue();
    assertThat(err.toString()).contains("interrupted: finishing the current step and writing a checkpoint");
  }

  @Test
  void should_stop_waiting_after_the_grace_period() {
    StopOnInterrupt stop = StopOnInterrupt.unhooked(null, new PrintWriter(err, true), Duration.ofMillis(20));

    stop.interrupted();

    assertThat(err.toString()).contains("no checkpoint after 0 s; quitting without one");
  }

  @Test
  void should_pass_every_event_and_the_wrapped_listeners_stop_request_through() {
    List<String> seen = new ArrayList<>();
    TrainingListener inner = new TrainingListener() {
      @Override
      public void onStart(int firstStep, int totalSteps) {
        seen.add("start " + firstStep + "/" + totalSteps);
      }

      @Override
      public void onCheckpoint(int step, Path directory) {
        seen.add("checkpoint " + step);
      }

      @Override
      public boolean stopRequested() {
        return true;
      }
    };
    try (StopOnInterrupt stop = StopOnInterrupt.unhooked(inner, new PrintWriter(err, true), Duration.ofSeconds(1))) {
      stop.onStart(2, 9);
      stop.onCheckpoint(4, Path.of("ckpt"));

      assertThat(seen).containsExactly("start 2/9", "checkpoint 4");
      assertThat(stop.stopRequested()).isTrue();
      assertThat(stop.wasInterrupted()).isFalse();
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
