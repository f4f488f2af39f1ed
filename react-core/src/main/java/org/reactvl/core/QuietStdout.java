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
 * <p>Safe in a multithreaded host: the first use replaces {@code System.out} with a stream that forwards
 * everything to the stream it replaced (same charset, flushed on every write), except the output of a
 * thread that is inside {@link #run} or {@link #call}. Other threads are never muted. A host that sets
 * {@code System.out} later is wrapped again on the next use.
 */
public final class QuietStdout {
  private static final ThreadLocal<Boolean> MUTED = ThreadLocal.withInitial(() -> Boolean.FALSE);

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
    install();
    Boolean outer = MUTED.get();
    MUTED.set(Boolean.TRUE);
    try {
      return action.get();
    } finally {
      MUTED.set(outer);
    }
  }

  private static synchronized void install() {
    if (!(System.out instanceof Filter)) {
      System.setOut(new Filter(System.out));
    }
  }

  /** {@code System.out} while installed: the stream it replaced, less the muted threads' output. */
  private static final class Filter extends PrintStream {
    Filter(PrintStream target) {
      super(new Gate(target), true, target.charset());
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
