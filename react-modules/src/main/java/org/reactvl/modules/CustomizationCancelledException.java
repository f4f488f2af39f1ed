package org.reactvl.modules;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * A {@link DomainCustomization} stopped because its listener asked it to. With a work folder, the
 * state at the stop was saved there and running the same customization again resumes from it.
 */
public class CustomizationCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  private final int stepsDone;
  private final int totalSteps;
  private final transient Path workFolder;

  public CustomizationCancelledException(int stepsDone, int totalSteps, Path workFolder) {
    super("customization stopped after " + stepsDone + " of " + totalSteps + " steps"
        + (workFolder != null ? "; its state is in '" + workFolder + "': run it again to resume" : ""));
    this.stepsDone = stepsDone;
    this.totalSteps = totalSteps;
    this.workFolder = workFolder;
  }

  /** Training steps finished before the stop (0 when it stopped during retrieval). */
  public int stepsDone() {
    return stepsDone;
  }

  /** Steps the whole run would have taken (0 when it stopped before training). */
  public int totalSteps() {
    return totalSteps;
  }

  /** Where the state to resume from was saved, if a work folder was set. */
  public Optional<Path> workFolder() {
    return Optional.ofNullable(workFolder);
  }
}
