package org.reactvl.examples.demo;

/**
 * Where a {@link DemoPipeline} reports what it is doing: a line when a stage begins, and a task with
 * a known amount of work for every long step (indexing, caption features, frozen layers, training),
 * which a command-line app shows as a progress bar.
 *
 * <p>The pipeline calls it from the thread that runs it, one task at a time, and closes each task
 * it opens. Implementations need not be thread-safe.
 *
 * <pre>{@code
 * DemoProgress lines = new DemoProgress() {
 *   public void stage(String text) { System.err.println(text); }
 *   public Task task(String name, long total, String unit) { return DemoProgress.none().task(name, total, unit); }
 * };
 * }</pre>
 */
public interface DemoProgress {
  /** A stage begins, e.g. "animals-47: retrieving 48 pairs per class". */
  void stage(String text);

  /** A task of {@code total} units ("images", "steps") begins; the caller closes it when done. */
  Task task(String name, long total, String unit);

  /** A task under way. */
  interface Task extends AutoCloseable {
    /** {@code done} units of the task are finished. */
    void stepTo(long done);

    /** A short status shown with the task, e.g. "loss 2.31". */
    void message(String text);

    /** The task is over; idempotent. */
    @Override
    void close();
  }

  /** Reports nothing. */
  static DemoProgress none() {
    return Silent.INSTANCE;
  }

  /** The progress that reports nothing. */
  enum Silent implements DemoProgress, Task {
    INSTANCE;

    @Override
    public void stage(String text) {}

    @Override
    public Task task(String name, long total, String unit) {
      return this;
    }

    @Override
    public void stepTo(long done) {}

    @Override
    public void message(String text) {}

    @Override
    public void close() {}
  }
}
