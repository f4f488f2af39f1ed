package org.reactvl.examples.emoji;

import java.util.Objects;

/**
 * Who drew an icon set and under which licence, as declared in the set's Iconify {@code info}.
 *
 * @param setName human-readable name of the set, e.g. "Twitter Emoji"
 * @param author the author or organisation, e.g. "Twitter"
 * @param authorUrl where the original art lives
 * @param spdx the SPDX licence identifier, e.g. "CC-BY-4.0"
 * @param title the licence's display title, e.g. "CC BY 4.0"
 * @param url the licence text
 */
public record SetLicense(
    String setName, String author, String authorUrl, String spdx, String title, String url) {

  public SetLicense {
    Objects.requireNonNull(setName, "setName");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(authorUrl, "authorUrl");
    Objects.requireNonNull(spdx, "spdx");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(url, "url");
    if (spdx.isBlank()) {
      throw new IllegalArgumentException("spdx must be a licence identifier, but was blank (set '" + setName + "')");
    }
  }

  /** Whether derived works must carry the same licence (the CC BY-SA sets). */
  public boolean shareAlike() {
    return spdx.contains("-SA-");
  }

  /** One line of attribution, e.g. "Twitter Emoji by Twitter (https://...), CC BY 4.0 (https://...)". */
  public String attribution() {
    return setName + " by " + author + " (" + authorUrl + "), " + title + " (" + url + ")";
  }
}
