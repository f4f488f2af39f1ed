package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactvl.modules.CustomizationListener;
import org.reactvl.modules.train.TrainingListener;
import org.reactvl.modules.train.TrainingProgress;

/**
 * Makes Ctrl-C (or SIGTERM) end a checkpointed training run cleanly: a shutdown hook asks the run to
 * stop, and holds the JVM open until the run has written its checkpoint and the command has
 * finished (at most a grace period), so that rerunning the command resumes from the step that was
 * interrupted instead of the last periodic checkpoint. Wraps the command's own listener.
 *
 * <pre>{@code
 * try (StopOnInterrupt stop = StopOnInterrupt.install(progressBar, err)) {
 *   result = builder.listener(stop).build().fit(data);
 *   ...  // write the result, or say how to resume; the hook waits until close()
 * }
 * }</pre>
 */
public final class StopOnInterrupt implements CustomizationListener, AutoCloseable {
  /** How long the hook keeps the JVM alive for the step in flight and the checkpoint. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

  private final TrainingListener delegate;
  private final PrintWriter err;
  private final Duration grace;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private StopOnInterrupt(TrainingListener delegate, PrintWriter err, Duration grace) {
    this.delegate = delegate == null ? new TrainingListener() {} : delegate;
    this.err = Objects.requireNonNull(err, "err must not be null");
    this.grace = Objects.requireNonNull(grace, "grace must not be null");
    this.hook = new Thread(this::interrupted, "react-stop-on-interrupt");
  }

  /** Registers the shutdown hook; {@code delegate} (may be null) still sees every event. */
  public static StopOnInterrupt install(TrainingListener delegate, PrintWriter err) {
    StopOnInterrupt s = new StopOnInterrupt(delegate, err, DEFAULT_GRACE);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** Without a hook, for tests: {@link #interrupted()} plays the part of the signal. */
  static StopOnInterrupt unhooked(TrainingListener delegate, PrintWriter err, Duration grace) {
    return new StopOnInterrupt(delegate, err, grace);
  }

  /** What the hook does: ask the run to stop, then wait for the command to finish (or the grace to end). */
  void interrupted() {
    stop.set(true);
    err.println();
    err.println("interrupted: finishing the current step and writing a checkpoint (waits up to " + grace.toSeconds() + " s)");
    err.flush();
    try {
      if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        err.println("no checkpoint after " + grace.toSeconds() + " s; quitting without one");
        err.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a stop was asked for, by a signal or by the wrapped listener. */
  @Override
  public boolean stopRequested() {
    return stop.get() || delegate.stopRequested();
  }

  /** Whether the signal, rather than the wrapped listener, asked the run to stop. */
  public boolean wasInterrupted() {
    return stop.get();
  }

  @Override
  public void onPreparation(String phase, int done, int total) {
    delegate.onPreparation(phase, done, total);
  }

  @Override
  public void onStart(int firstStep, int totalSteps) {
    delegate.onStart(firstStep, totalSteps);
  }

  @Override
  public void onStep(TrainingProgress progress) {
    delegate.onStep(progress);
  }

  @Override
  public void onCheckpoint(int step, Path directory) {
    delegate.onCheckpoint(step, directory);
  }

  /** The command is done: releases a waiting hook, or removes the hook when no signal came. */
  @Override
  public void close() {
    finished.countDown();
    if (!stop.get()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // the JVM is already shutting down, or the hook was never registered (tests): nothing to remove
      }
    }
  }
}
