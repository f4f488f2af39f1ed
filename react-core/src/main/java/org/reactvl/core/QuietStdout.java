package org.reactvl.core;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Drops what third-party code prints on {@code System.out} from the current thread while it runs an
 * action, and nothing else. ND4J 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints "Added
 * differentiated op NAME" for every op it differentiates (hundreds per training graph), with no switch
 * to turn it off; a library must not write on its host's console.
 *
 * <p>Safe in a multithreaded host: while any thread is inside {@link #run} or {@link #call}, {@code
 * System.out} is a stream that forwards everything to the stream it replaced (same charset, flushed on
 * every write), except the output of the threads inside; other threads are never muted. When the last
 * one leaves, the replaced stream is {@code System.out} again (unless the host set another meanwhile,
 * which is then left in place).
 */
public final class QuietStdout {
  private static final ThreadLocal<Boolean> MUTED = ThreadLocal.withInitial(() -> Boolean.FALSE);
  /** Calls in progress on all threads; guarded by the class. */
  private static int active;
  /** The stream installed last; guarded by the class. */
  private static Filter installed;

  private QuietStdout() {}

  /** Runs {@code action} with this thread's {@code System.out} output dropped. */
  public static void run(Runnable action) {
    Objects.requireNonNull(action, "action must not be null");
    call(() -> {
      action.run();
      return null;
    });
  }

  /** Calls {@code action} with this thread's {@code System.out} output dropped, and returns its result. */
  public static <T> T call(Supplier<T> action) {
    Objects.requireNonNull(action, "action must not be null");
    enter();
    Boolean outer = MUTED.get();
    MUTED.set(Boolean.TRUE);
    try {
      return action.get();
    } finally {
      MUTED.set(outer);
      leave();
    }
  }

  private static synchronized void enter() {
    active++;
    if (System.out != installed) {
      installed = new Filter(System.out);
      System.setOut(installed);
    }
  }

  private static synchronized void leave() {
    if (--active == 0) {
      if (System.out == installed) {
        System.setOut(installed.target);
      }
      installed = null;
    }
  }

  /** {@code System.out} while installed: the stream it replaced, less the muted threads' output. */
  private static final class Filter extends PrintStream {
    private final PrintStream target;

    Filter(PrintStream target) {
      super(new Gate(target), true, target.charset());
      this.target = target;
    }
  }

  private static final class Gate extends OutputStream {
    private final PrintStream target;

    Gate(PrintStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      if (!MUTED.get()) {
        target.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (!MUTED.get()) {
        target.write(b, off, len);
      }
    }

    @Override
    public void flush() {
      target.flush();
    }
  }
}
