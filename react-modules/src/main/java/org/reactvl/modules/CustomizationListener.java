package org.reactvl.modules;

import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.modules.train.TrainingListener;

/**
 * Follows a {@link DomainCustomization}: retrieval, then training (the {@link TrainingListener}
 * methods), and may cancel it: {@link #stopRequested()} is polled before retrieval, after it and
 * after every training step. Every method has an empty default; all are called on the thread that
 * runs the customization.
 */
public interface CustomizationListener extends TrainingListener {
  /** Retrieval starts for {@code classes} classes with the named retriever. */
  default void onRetrievalStarted(String retriever, int classes) {}

  /** Retrieval finished (or a set retrieved earlier was found in the work folder and reused). */
  default void onRetrieved(RetrievedSet set) {}
}
