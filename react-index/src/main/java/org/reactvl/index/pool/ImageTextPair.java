package org.reactvl.index.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.reactvl.index.Hit;

/**
 * One pair of a pool: an image and the text that came with it (alt-text, a title, a description).
 * REACT trains on the caption, not on a class name, so the caption travels with the pair from the pool
 * to the retrieved set.
 *
 * <p>Immutable and thread-safe. Build with {@link #of} or {@link #builder}:
 *
 * <pre>{@code
 * var pair = ImageTextPair.builder("emoji-1f436", "/data/twemoji/1f436.png", "dog face")
 *     .captions(List.of("dog: face | pet", "puppy"))
 *     .metadata(Map.of("set", "twemoji"))
 *     .build();
 * }</pre>
 *
 * @param id unique within the pool, non-blank; the key of the pair in every store
 * @param image where the image is: a file path (absolute once read from a manifest) or a URI such as
 *     {@code file:///data/1.png} or {@code https://...}; non-blank
 * @param caption the pair's text; may be empty (some alt-texts are), never null
 * @param captions alternative texts for the same image (other human-written fields), possibly none
 * @param metadata string fields kept with the pair and usable in search filters; keys must not start
 *     with {@value #RESERVED_PREFIX}
 */
public record ImageTextPair(
    String id, String image, String caption, List<String> captions, Map<String, String> metadata) {

  /** Prefix of the metadata keys this library uses in stores; pair metadata may not use it. */
  public static final String RESERVED_PREFIX = "pool.";
  /** Store metadata key of the image location. */
  public static final String IMAGE_KEY = "pool.image";
  /** Store metadata key of the caption. */
  public static final String CAPTION_KEY = "pool.caption";
  /** Store metadata key of the alternative captions (a JSON array of strings; absent if none). */
  public static final String CAPTIONS_KEY = "pool.captions";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  public ImageTextPair {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("pair id must be non-blank, but was " + quoted(id));
    }
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("image location of pair '" + id + "' must be non-blank, but was " + quoted(image));
    }
    Objects.requireNonNull(caption, () -> "caption of pair '" + id + "' must not be null (use \"\" for none)");
    Objects.requireNonNull(captions, () -> "captions of pair '" + id + "' must not be null (use an empty list)");
    for (String c : captions) {
      Objects.requireNonNull(c, () -> "alternative captions of pair '" + id + "' must not contain null");
    }
    captions = List.copyOf(captions);
    Objects.requireNonNull(metadata, () -> "metadata of pair '" + id + "' must not be null");
    for (var e : metadata.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isBlank() || key.startsWith(RESERVED_PREFIX)) {
        throw new IllegalArgumentException("metadata keys of pair '" + id + "' must be non-blank and not start with '"
            + RESERVED_PREFIX + "', but one was " + quoted(key));
      }
      Objects.requireNonNull(e.getValue(), () -> "metadata value '" + key + "' of pair '" + id + "' must not be null");
    }
    metadata = Map.copyOf(metadata);
  }

  /** A pair without alternative captions or metadata. */
  public static ImageTextPair of(String id, String image, String caption) {
    return new ImageTextPair(id, image, caption, List.of(), Map.of());
  }

  /** A builder for a pair with these required fields. */
  public static Builder builder(String id, String image, String caption) {
    return new Builder(id, image, caption);
  }

  /**
   * The local file of the image: the location itself when it is a path, the path of a {@code file:}
   * URI, or empty for other URIs (which must be fetched first; this library does no network I/O).
   */
  public Optional<Path> imageFile() {
    if (!isUri(image)) {
      return Optional.of(Path.of(image));
    }
    URI uri = URI.create(image);
    return "file".equalsIgnoreCase(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
  }

  /**
   * What stores keep of the pair beside its vector: its metadata plus {@value #IMAGE_KEY}, {@value
   * #CAPTION_KEY} and (if any) {@value #CAPTIONS_KEY}. {@link #fromStoreMetadata} reverses it.
   */
  public Map<String, String> toStoreMetadata() {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    out.put(IMAGE_KEY, image);
    out.put(CAPTION_KEY, caption);
    if (!captions.isEmpty()) {
      try {
        out.put(CAPTIONS_KEY, JSON.writeValueAsString(captions));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a list of strings must serialize to JSON", e);
      }
    }
    return out;
  }

  /**
   * The pair a search hit in a pool store found, with its image, caption and captions as typed
   * fields: what a retriever hands to {@code ClassBalancer} or {@code RetrievedPair.of}.
   *
   * @throws IllegalArgumentException if the hit's entry was not stored by a pool indexer
   */
  public static ImageTextPair fromHit(Hit hit) {
    return fromStoreMetadata(hit.id(), hit.metadata());
  }

  /**
   * The pair a store entry describes, from the metadata {@link #toStoreMetadata} made.
   *
   * @throws IllegalArgumentException if the metadata lacks the image or caption (the entry was not
   *     stored by a pool indexer)
   */
  public static ImageTextPair fromStoreMetadata(String id, Map<String, String> stored) {
    String image = stored.get(IMAGE_KEY);
    String caption = stored.get(CAPTION_KEY);
    if (image == null || caption == null) {
      throw new IllegalArgumentException("store entry '" + id + "' must carry metadata '" + IMAGE_KEY + "' and '"
          + CAPTION_KEY + "' (as PoolIndexer stores them), but had keys " + stored.keySet());
    }
    List<String> captions = List.of();
    String encoded = stored.get(CAPTIONS_KEY);
    if (encoded != null) {
      try {
        captions = JSON.readValue(encoded, new TypeReference<List<String>>() {});
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("metadata '" + CAPTIONS_KEY + "' of store entry '" + id
            + "' must be a JSON array of strings, but was " + encoded, e);
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>(stored);
    metadata.keySet().removeIf(k -> k.startsWith(RESERVED_PREFIX));
    return new ImageTextPair(id, image, caption, captions, metadata);
  }

  /** Whether a location is a URI ({@code scheme:...}, scheme of two or more letters) rather than a path. */
  static boolean isUri(String location) {
    return URI_SCHEME.matcher(location).matches();
  }

  private static String quoted(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  /** Builds {@link ImageTextPair}s; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String image;
    private final String caption;
    private List<String> captions = List.of();
    private Map<String, String> metadata = Map.of();

    private Builder(String id, String image, String caption) {
      this.id = id;
      this.image = image;
      this.caption = caption;
    }

    /** Alternative captions; none by default. */
    public Builder captions(List<String> captions) {
      this.captions = captions;
      return this;
    }

    /** String metadata; none by default. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    public ImageTextPair build() {
      return new ImageTextPair(id, image, caption, captions, metadata);
    }
  }
}
