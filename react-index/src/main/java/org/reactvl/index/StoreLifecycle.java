package org.reactvl.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.reactvl.core.ReactException;

/**
 * The open/closed state and the search threads of an {@link EmbeddingStore} implementation: calls
 * run while the store is open (many at once), {@link #close} waits for them and runs once, and a
 * batch of searches fans out over a fixed pool of daemon threads. For store authors; the Lucene and
 * Solr stores use it.
 *
 * <pre>{@code
 * private final StoreLifecycle lifecycle = new StoreLifecycle("my store 'x'", 4, "react-search-x");
 * public long count() { return lifecycle.whileOpen(() -> backend.count()); }
 * public void close() { lifecycle.close(backend::close); }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class StoreLifecycle {
  /** Work that runs while the store is open. */
  @FunctionalInterface
  public interface Action<T, E extends Exception> {
    T run() throws E;
  }

  /** One search of a batch. */
  @FunctionalInterface
  public interface Task<R, T, E extends Exception> {
    T apply(R request) throws E;
  }

  /** Releases the store's resources, once. */
  @FunctionalInterface
  public interface Release {
    void run() throws IOException;
  }

  private final String description;
  private final ExecutorService searchPool;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lock

  /**
   * @param description names the store in the error of a call after close ("Lucene embedding store 'x' in DIR")
   * @param searchThreads threads for {@link #searchAll}; 1 searches on the caller's thread
   * @param threadPrefix name prefix of the search threads
   */
  public StoreLifecycle(String description, int searchThreads, String threadPrefix) {
    this.description = Objects.requireNonNull(description, "description must not be null");
    Objects.requireNonNull(threadPrefix, "threadPrefix must not be null");
    if (searchThreads < 1) {
      throw new IllegalArgumentException("searchThreads must be positive, but was " + searchThreads);
    }
    AtomicInteger counter = new AtomicInteger();
    this.searchPool = searchThreads == 1 ? null : Executors.newFixedThreadPool(searchThreads, runnable -> {
      Thread thread = new Thread(runnable, threadPrefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Runs {@code action} unless the store is closed; close waits until it returns.
   *
   * @throws IllegalStateException if the store is closed
   */
  public <T, E extends Exception> T whileOpen(Action<T, E> action) throws E {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(description + " is closed");
      }
      return action.run();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The results of {@code task} for every request, in order: on the search threads when there are
   * several requests and threads, else on the caller's. A task's exception is rethrown as is.
   */
  public <R, T, E extends Exception> List<T> searchAll(List<R> requests, Task<R, T, E> task) throws E {
    List<T> results = new ArrayList<>(requests.size());
    if (searchPool == null || requests.size() == 1) {
      for (R request : requests) {
        results.add(task.apply(request));
      }
      return results;
    }
    List<Future<T>> futures = new ArrayList<>(requests.size());
    for (R request : requests) {
      futures.add(searchPool.submit(() -> task.apply(request)));
    }
    for (Future<T> future : futures) {
      results.add(await(future));
    }
    return results;
  }

  /**
   * Marks the store closed (waiting for running calls), stops the search threads and runs {@code
   * release}; later calls do nothing.
   */
  public void close(Release release) throws IOException {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (searchPool != null) {
        searchPool.shutdown();
      }
      release.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @SuppressWarnings("unchecked") // a task throws E or unchecked exceptions only
  private static <T, E extends Exception> T await(Future<T> future) throws E {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReactException("interrupted while searching", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw (E) cause;
    }
  }
}
