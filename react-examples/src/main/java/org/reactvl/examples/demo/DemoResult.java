package org.reactvl.examples.demo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link DemoPipeline} run measured and wrote. Immutable.
 *
 * @param settings the settings of the run
 * @param model the base model and its provenance
 * @param index the pool index the run searched
 * @param domains one result per target domain, in the settings' order
 * @param seconds wall time of the run's shared stages ("corpus", "model", "index", "report", "total")
 * @param credits one attribution line per emoji set used (author, licence), pool and test sets
 */
public record DemoResult(
    DemoSettings settings, ModelInfo model, IndexSummary index, List<DomainResult> domains, Map<String, Double> seconds, List<String> credits) {

  /** The results file in the output folder. */
  public static final String RESULTS_FILE = "results.json";
  /** The HTML report in the output folder. */
  public static final String REPORT_FILE = "report.html";

  public DemoResult {
    Objects.requireNonNull(settings, "settings must not be null");
    Objects.requireNonNull(model, "model must not be null");
    Objects.requireNonNull(index, "index must not be null");
    domains = List.copyOf(domains);
    seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    credits = List.copyOf(credits);
  }

  /** {@code results.json} in the output folder. */
  public Path resultsFile() {
    return settings.out().resolve(RESULTS_FILE);
  }

  /** {@code report.html} in the output folder. */
  public Path reportFile() {
    return settings.out().resolve(REPORT_FILE);
  }

  /**
   * The base model.
   *
   * @param source "default" for the shipped model, else the folder given
   * @param path the folder it was loaded from
   * @param fingerprint its weights' fingerprint
   * @param config its architecture, as text
   * @param provenance the model folder's provenance.json (how it was trained), empty if it has none
   */
  public record ModelInfo(String source, Path path, String fingerprint, String config, Map<String, Object> provenance) {
    public ModelInfo {
      Objects.requireNonNull(source, "source must not be null");
      Objects.requireNonNull(path, "path must not be null");
      Objects.requireNonNull(fingerprint, "fingerprint must not be null");
      Objects.requireNonNull(config, "config must not be null");
      provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }
  }

  /**
   * The pool index.
   *
   * @param folder the Lucene store's folder
   * @param pairs pairs it holds
   * @param embedded pairs this run embedded (0 when an earlier run's index was reused)
   */
  public record IndexSummary(Path folder, long pairs, long embedded) {
    public IndexSummary {
      Objects.requireNonNull(folder, "folder must not be null");
    }
  }
}
