package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class NativeMemoryTest {
  @Test
  @EnabledOnOs(OS.LINUX)
  void should_fix_the_mmap_threshold_once_on_linux() {
    assertThat(NativeMemory.returnFreedMemoryPromptly()).isTrue();
    assertThat(NativeMemory.returnFreedMemoryPromptly()).isTrue();
  }
}
