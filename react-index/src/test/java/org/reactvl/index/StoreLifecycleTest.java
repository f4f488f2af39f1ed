package org.reactvl.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreLifecycleTest {

  @Test
  void should_run_while_open_and_refuse_after_close_naming_the_store() throws IOException {
    StoreLifecycle lifecycle = new StoreLifecycle("test store 'x'", 1, "test-search");
    assertThat(lifecycle.<Integer, RuntimeException>whileOpen(() -> 7)).isEqualTo(7);

    lifecycle.close(() -> {});

    assertThatThrownBy(() -> lifecycle.whileOpen(() -> 7))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("test store 'x' is closed");
  }

  @Test
  void should_release_once_however_often_it_is_closed() throws IOException {
    StoreLifecycle lifecycle = new StoreLifecycle("test store", 2, "test-search");
    AtomicInteger releases = new AtomicInteger();

    lifecycle.close(releases::incrementAndGet);
    lifecycle.close(releases::incrementAndGet);

    assertThat(releases).hasValue(1);
  }

  @Test
  void should_keep_request_order_on_several_threads_and_rethrow_a_tasks_checked_exception() throws IOException {
    StoreLifecycle lifecycle = new StoreLifecycle("test store", 3, "test-search");
    List<Integer> requests = List.of(5, 1, 4, 2, 3);

    assertThat(lifecycle.searchAll(requests, r -> r * 10)).containsExactly(50, 10, 40, 20, 30);
    assertThatThrownBy(() -> lifecycle.searchAll(requests, r -> {
      if (r == 4) {
        throw new IOException("disk gone at request " + r);
      }
      return r;
    })).isInstanceOf(IOException.class).hasMessage("disk gone at request 4");
    lifecycle.close(() -> {});
  }

  @Test
  void should_refuse_a_thread_count_below_one() {
    assertThatThrownBy(() -> new StoreLifecycle("test store", 0, "test-search"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("searchThreads must be positive, but was 0");
  }
}
