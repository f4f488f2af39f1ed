package org.reactvl.core.image;

import java.util.ArrayList;
import java.util.List;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Read-only navigation of an ImageIO native metadata tree, used to recover the GIF header fields
 * Pillow looks at: logical screen, frame position, colour tables and transparent index.
 *
 * <p>Immutable view over a tree the caller does not modify; not meant for sharing across threads.
 */
final class MetadataTree {
  private final Node node;

  private MetadataTree(Node node) {
    this.node = node;
  }

  /** Returns the native-format tree of {@code metadata}, or an empty tree if it has none. */
  static MetadataTree nativeTree(IIOMetadata metadata) {
    if (metadata == null || metadata.getNativeMetadataFormatName() == null) {
      return new MetadataTree(null);
    }
    return new MetadataTree(metadata.getAsTree(metadata.getNativeMetadataFormatName()));
  }

  boolean exists() {
    return node != null;
  }

  /** Returns the first child named {@code name}, or an empty tree. */
  MetadataTree child(String name) {
    return children(name).stream().findFirst().orElse(new MetadataTree(null));
  }

  List<MetadataTree> children(String name) {
    List<MetadataTree> found = new ArrayList<>();
    if (node != null) {
      for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
        if (name.equals(c.getNodeName())) {
          found.add(new MetadataTree(c));
        }
      }
    }
    return found;
  }

  /** Returns the attribute's value, or {@code fallback} if the node or attribute is absent. */
  String attribute(String name, String fallback) {
    if (node == null) {
      return fallback;
    }
    NamedNodeMap attributes = node.getAttributes();
    Node value = attributes == null ? null : attributes.getNamedItem(name);
    return value == null ? fallback : value.getNodeValue();
  }

  int intAttribute(String name, int fallback) {
    String value = attribute(name, null);
    return value == null ? fallback : Integer.parseInt(value);
  }

  /**
   * Reads a colour table whose entries carry {@code index}, {@code red}, {@code green} and {@code
   * blue} attributes as packed {@code 0xRRGGBB}.
   */
  int[] colorTable(String entryName) {
    List<MetadataTree> entries = children(entryName);
    int size = 0;
    for (MetadataTree e : entries) {
      size = Math.max(size, e.intAttribute("index", 0) + 1);
    }
    int[] table = new int[Math.min(size, DecodedImage.PALETTE_SIZE)];
    for (MetadataTree e : entries) {
      int index = e.intAttribute("index", 0);
      if (index < table.length) {
        table[index] = e.intAttribute("red", 0) << 16
            | e.intAttribute("green", 0) << 8
            | e.intAttribute("blue", 0);
      }
    }
    return table;
  }
}
