package org.reactvl.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuietStdoutTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  private PrintStream capture;

  @BeforeEach
  void capture() {
    original = System.out;
    capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
  }

  @AfterEach
  void restore() {
    System.setOut(original);
  }

  @Test
  void should_drop_only_the_muted_threads_output_while_another_thread_prints() throws InterruptedException {
    // given: a thread that prints while this one is muted
    CountDownLatch muted = new CountDownLatch(1);
    CountDownLatch printed = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      awaitQuietly(muted);
      System.out.println("host line é");
      printed.countDown();
    });
    other.start();

    // when
    String result = QuietStdout.call(() -> {
      System.out.println("Added differentiated op matmul");
      muted.countDown();
      awaitQuietly(printed);
      System.out.print("more noise");
      return "done";
    });
    System.out.println("after");
    other.join();

    // then
    assertThat(result).isEqualTo("done");
    assertThat(System.out).as("the caller's stream again").isSameAs(capture);
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("host line é" + System.lineSeparator() + "after"
        + System.lineSeparator());
  }

  @Test
  void should_stay_muted_after_a_nested_run_ends() {
    QuietStdout.run(() -> {
      QuietStdout.run(() -> System.out.println("inner"));
      System.out.println("outer");
    });

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
