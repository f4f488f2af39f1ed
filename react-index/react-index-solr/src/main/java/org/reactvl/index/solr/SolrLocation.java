package org.reactvl.index.solr;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a Solr store lives: how to reach the SolrCloud cluster (Solr nodes' addresses, or the
 * ZooKeeper ensemble that knows them) and the collection's name. Written as a URI:
 *
 * <pre>
 * solr://HOST:PORT[,HOST:PORT...]/COLLECTION                 Solr nodes, base URL http://HOST:PORT/solr
 * solr+zk://HOST:PORT[,HOST:PORT...][/CHROOT...]/COLLECTION  ZooKeeper; everything between the hosts and
 *                                                            the last segment is the chroot
 * </pre>
 *
 * For example {@code solr://search-1:8983,search-2:8983/laion-images} or {@code
 * solr+zk://zk-1:2181,zk-2:2181/solr/laion-images}. Several hosts are tried in turn; one live host is
 * enough. Immutable and thread-safe.
 *
 * @param mode whether {@code hosts} are Solr nodes or ZooKeeper servers
 * @param hosts {@code host:port} pairs, at least one
 * @param chroot ZooKeeper chroot such as {@code /solr}; empty for Solr nodes and for ZooKeeper's root
 * @param collection the SolrCloud collection: letters, digits, '.', '_' and '-', not starting with '-'
 */
public record SolrLocation(Mode mode, List<String> hosts, Optional<String> chroot, String collection) {

  /** How a location reaches the cluster. */
  public enum Mode {
    /** Through Solr nodes' HTTP API ({@code solr://}). */
    SOLR_NODES,
    /** Through ZooKeeper, which holds the cluster state ({@code solr+zk://}). */
    ZOOKEEPER
  }

  /** URI scheme of {@link Mode#SOLR_NODES} locations. */
  public static final String SOLR_SCHEME = "solr";
  /** URI scheme of {@link Mode#ZOOKEEPER} locations. */
  public static final String ZOOKEEPER_SCHEME = "solr+zk";

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._\\-]*");
  private static final Pattern CHROOT_SEGMENT = Pattern.compile("[A-Za-z0-9._\\-]+");

  public SolrLocation {
    Objects.requireNonNull(mode, "mode must not be null");
    Objects.requireNonNull(hosts, "hosts must not be null");
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a Solr location must name at least one host:port, but named none");
    }
    for (String host : hosts) {
      if (host == null || !HOST.matcher(host).matches()) {
        throw new IllegalArgumentException("Solr location hosts must be host:port, but one was '" + host + "'");
      }
    }
    Objects.requireNonNull(chroot, "chroot must not be null (use Optional.empty())");
    if (chroot.isPresent() && (mode != Mode.ZOOKEEPER || !isChroot(chroot.get()))) {
      throw new IllegalArgumentException("chroot must be a ZooKeeper path such as /solr (ZooKeeper locations only), "
          + "but was '" + chroot.get() + "' for " + mode);
    }
    checkCollectionName(collection);
  }

  /** A location reached through Solr nodes, e.g. {@code ofSolrNodes("laion-images", "search-1:8983")}. */
  public static SolrLocation ofSolrNodes(String collection, String... hosts) {
    return new SolrLocation(Mode.SOLR_NODES, Arrays.asList(hosts), Optional.empty(), collection);
  }

  /** A location reached through ZooKeeper, e.g. {@code ofZooKeeper("laion-images", "/solr", "zk-1:2181")}. */
  public static SolrLocation ofZooKeeper(String collection, String chroot, String... hosts) {
    return new SolrLocation(Mode.ZOOKEEPER, Arrays.asList(hosts), Optional.ofNullable(chroot), collection);
  }

  /** Whether {@code text} is written as a Solr location (by its scheme), valid or not. */
  public static boolean isLocation(String text) {
    return text != null && (text.startsWith(SOLR_SCHEME + "://") || text.startsWith(ZOOKEEPER_SCHEME + "://"));
  }

  /**
   * Reads a location written as above.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static SolrLocation parse(String text) {
    Objects.requireNonNull(text, "Solr location must not be null");
    Mode mode;
    String rest;
    if (text.startsWith(SOLR_SCHEME + "://")) {
      mode = Mode.SOLR_NODES;
      rest = text.substring(SOLR_SCHEME.length() + 3);
    } else if (text.startsWith(ZOOKEEPER_SCHEME + "://")) {
      mode = Mode.ZOOKEEPER;
      rest = text.substring(ZOOKEEPER_SCHEME.length() + 3);
    } else {
      throw new IllegalArgumentException(usage(text, "it has another scheme"));
    }
    int slash = rest.indexOf('/');
    int lastSlash = rest.lastIndexOf('/');
    if (slash < 0 || lastSlash == rest.length() - 1) {
      throw new IllegalArgumentException(usage(text, "it names no collection"));
    }
    List<String> hosts = Arrays.asList(rest.substring(0, slash).split(",", -1));
    String collection = rest.substring(lastSlash + 1);
    Optional<String> chroot = slash == lastSlash ? Optional.empty() : Optional.of(rest.substring(slash, lastSlash));
    if (mode == Mode.SOLR_NODES && chroot.isPresent()) {
      throw new IllegalArgumentException(usage(text, "only solr+zk:// locations have a chroot"));
    }
    try {
      return new SolrLocation(mode, hosts, chroot, collection);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(usage(text, e.getMessage()), e);
    }
  }

  /** The same cluster, another collection (for example the caption store beside an image store). */
  public SolrLocation withCollection(String otherCollection) {
    return new SolrLocation(mode, hosts, chroot, otherCollection);
  }

  /** Solr nodes' base URLs ({@code http://HOST:PORT/solr}); empty for ZooKeeper locations. */
  public List<String> solrUrls() {
    return mode == Mode.SOLR_NODES ? hosts.stream().map(h -> "http://" + h + "/solr").toList() : List.of();
  }

  /** The location as written by {@link #parse}. */
  @Override
  public String toString() {
    String scheme = mode == Mode.SOLR_NODES ? SOLR_SCHEME : ZOOKEEPER_SCHEME;
    return scheme + "://" + String.join(",", hosts) + chroot.orElse("") + "/" + collection;
  }

  /** Throws IAE unless {@code name} is a valid SolrCloud collection name. */
  static void checkCollectionName(String name) {
    if (name == null || name.length() > 100 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("collection name must be 1-100 letters, digits, '.', '_' or '-' and not start"
          + " with '-', but was " + (name == null ? "null" : "'" + name + "'"));
    }
  }

  private static boolean isChroot(String path) {
    if (!path.startsWith("/") || path.length() == 1) {
      return false;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (!CHROOT_SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String usage(String text, String problem) {
    return "Solr location must be solr://HOST:PORT[,HOST:PORT...]/COLLECTION or "
        + "solr+zk://HOST:PORT[,HOST:PORT...][/CHROOT]/COLLECTION, but '" + text + "' is not: " + problem;
  }
}
