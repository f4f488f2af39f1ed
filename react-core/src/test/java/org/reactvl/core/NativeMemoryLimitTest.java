package org.reactvl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativeMemoryLimitTest {
  @Test
  void should_set_the_limit_once_and_keep_an_earlier_setting() {
    String before = System.getProperty(NativeMemoryLimit.PROPERTY);
    try {
      System.clearProperty(NativeMemoryLimit.PROPERTY);

      assertThat(NativeMemoryLimit.apply(1L << 30)).isTrue();
      assertThat(NativeMemoryLimit.apply(2L << 30)).isFalse();
      assertThat(System.getProperty(NativeMemoryLimit.PROPERTY)).isEqualTo(Long.toString(1L << 30));
    } finally {
      if (before == null) {
        System.clearProperty(NativeMemoryLimit.PROPERTY);
      } else {
        System.setProperty(NativeMemoryLimit.PROPERTY, before);
      }
    }
  }

  @Test
  void should_add_native_bytes_to_the_heap_and_refuse_bad_values() {
    assertThat(NativeMemoryLimit.heapPlus(1024)).isEqualTo(Runtime.getRuntime().maxMemory() + 1024);
    assertThatThrownBy(() -> NativeMemoryLimit.apply(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("native memory limit must be positive, but was 0 bytes");
    assertThatThrownBy(() -> NativeMemoryLimit.heapPlus(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("native bytes must be >= 0, but was -1");
  }
}
