package org.reactvl.index.solr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.impl.InputStreamResponseParser;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.reactvl.index.StoreFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a store's collection (with a configset of its own) or finds an existing one and reads its
 * {@link SolrStoreSettings}. Used once per {@link SolrEmbeddingStore#open}; stateless.
 *
 * <p>The configset {@code react-store.COLLECTION} holds {@code solrconfig.xml}, {@code schema.xml}
 * (the templates beside this class, with the dimension and HNSW parameters filled in) and {@value
 * SolrStoreSettings#FILE}. It is uploaded through the Configset API, which Solr 9 enables by default
 * ({@code -Dconfigset.upload.enabled}); a cluster that disables it needs the configset uploaded by an
 * administrator under the same name (build it with {@link #configSetZip}).
 */
final class SolrCollections {
  private static final Logger LOG = LoggerFactory.getLogger(SolrCollections.class);
  private static final String TEMPLATES = "/org/reactvl/index/solr/";

  private SolrCollections() {}

  /** The configset of a store collection. */
  static String configSetName(String collection) {
    return "react-store." + collection;
  }

  /**
   * The settings of the store's collection, after creating it if it is missing and {@code options}
   * allow it. Two processes opening the same new collection at once both succeed (one creates it).
   */
  static SolrStoreSettings openOrCreate(SolrClient client, SolrStoreOptions options, SolrRetrier retrier) {
    String collection = options.location().collection();
    if (!exists(client, collection, retrier)) {
      if (!options.createIfMissing()) {
        throw new IllegalArgumentException("Solr collection '" + collection + "' must exist (opened without "
            + "createIfMissing), but " + options.location() + " has no such collection");
      }
      try {
        create(client, options, retrier);
      } catch (SolrStoreException e) {
        if (!exists(client, collection, retrier)) {
          throw e;
        }
        LOG.info("Solr collection '{}' was created by another client meanwhile", collection);
      }
    }
    SolrStoreSettings settings = readSettings(client, collection, retrier);
    settings.checkMatches(options);
    return settings;
  }

  private static boolean exists(SolrClient client, String collection, SolrRetrier retrier) {
    return retrier.read("list collections", () -> CollectionAdminRequest.listCollections(client)).contains(collection);
  }

  private static void create(SolrClient client, SolrStoreOptions options, SolrRetrier retrier) {
    String collection = options.location().collection();
    String configSet = configSetName(collection);
    byte[] zip = configSetZip(options);
    retrier.read("upload configset '" + configSet + "'", () -> {
      ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload().setConfigSetName(configSet)
          .setOverwrite(true).setCleanup(true)
          .setUploadStream(new ContentStreamBase.ByteArrayStream(zip, configSet + ".zip", "application/zip"));
      return upload.process(client);
    });
    CollectionAdminRequest.Create create =
        CollectionAdminRequest.createCollection(collection, configSet, options.shards(), options.replicas());
    create.setWaitForFinalState(true);
    retrier.read("create the collection", () -> create.process(client));
    LOG.info("Created Solr collection '{}': {} shards x {} replicas, dimension {}, HNSW M {} beam width {}", collection,
        options.shards(), options.replicas(), options.dimension(), options.maxConn(), options.beamWidth());
  }

  private static SolrStoreSettings readSettings(SolrClient client, String collection, SolrRetrier retrier) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("file", SolrStoreSettings.FILE);
    GenericSolrRequest request = new GenericSolrRequest(SolrRequest.METHOD.GET, "/admin/file", params);
    request.setRequiresCollection(true);
    request.setResponseParser(new InputStreamResponseParser("raw"));
    return retrier.read("read " + SolrStoreSettings.FILE, () -> {
      NamedList<Object> response = client.request(request, collection);
      Object status = response.get(InputStreamResponseParser.HTTP_STATUS_KEY);
      try (InputStream body = (InputStream) response.get(InputStreamResponseParser.STREAM_KEY)) {
        byte[] bytes = body.readAllBytes();
        if (!Integer.valueOf(200).equals(status)) {
          throw new StoreFormatException("Solr collection '" + collection + "' is not an embedding store: its configset"
              + " has no readable " + SolrStoreSettings.FILE + " (HTTP " + status + ")");
        }
        return SolrStoreSettings.fromJson(bytes, collection);
      }
    });
  }

  /** The configset of a store with these options, as the zip the Configset API takes. */
  static byte[] configSetZip(SolrStoreOptions options) {
    String schema = template("schema.xml")
        .replace("@DIMENSION@", Integer.toString(options.dimension()))
        .replace("@MAX_CONN@", Integer.toString(options.maxConn()))
        .replace("@BEAM_WIDTH@", Integer.toString(options.beamWidth()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("solrconfig.xml", template("solrconfig.xml").getBytes(StandardCharsets.UTF_8));
      files.put("schema.xml", schema.getBytes(StandardCharsets.UTF_8));
      files.put(SolrStoreSettings.FILE, SolrStoreSettings.of(options).toJson());
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing a zip in memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static String template(String name) {
    try (InputStream in = SolrCollections.class.getResourceAsStream(TEMPLATES + name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + TEMPLATES + name + " must be on the classpath (react-index jar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + TEMPLATES + name, e);
    }
  }
}
