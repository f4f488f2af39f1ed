package org.reactvl.core.clip;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of a CLIP model under OpenAI's names ({@code visual.transformer.resblocks.0.attn.in_proj_weight},
 * {@code text_projection}, ...) and layouts (fused q/k/v, projections as {@code [width, embed]}),
 * whatever layout they were loaded from. Immutable; the arrays are shared, never modified.
 */
public final class ClipWeights {
  /** The name of the learned temperature, a 0-d tensor (logits are {@code exp(logit_scale)} x cosine), in every naming. */
  public static final String LOGIT_SCALE = "logit_scale";

  private final ClipConfig config;
  private final Map<String, INDArray> tensors;
  private volatile String fingerprint;

  /**
   * Wraps named float32 arrays after checking that they are exactly the tensors {@code config}
   * needs, with the right shapes.
   *
   * @throws IllegalArgumentException naming a missing, unexpected or mis-shaped tensor
   */
  public ClipWeights(ClipConfig config, Map<String, INDArray> tensors) {
    this.config = config;
    Map<String, long[]> expected = expectedShapes(config);
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      INDArray a = tensors.get(e.getKey());
      checkArgument(a != null, "tensor '%s' %s is missing", e.getKey(), Arrays.toString(e.getValue()));
      checkArgument(
          Arrays.equals(a.shape(), e.getValue()),
          "tensor '%s' must have shape %s, but has %s",
          e.getKey(),
          Arrays.toString(e.getValue()),
          Arrays.toString(a.shape()));
      checkArgument(a.dataType() == DataType.FLOAT, "tensor '%s' must be FLOAT, but was %s", e.getKey(), a.dataType());
    }
    for (String name : tensors.keySet()) {
      checkArgument(expected.containsKey(name), "tensor '%s' is not part of a CLIP model with this config", name);
    }
    this.tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
  }

  /** The model shape these weights belong to. */
  public ClipConfig config() {
    return config;
  }

  /** One tensor by its OpenAI name. */
  public INDArray get(String name) {
    INDArray a = tensors.get(name);
    checkArgument(a != null, "no tensor named '%s'", name);
    return a;
  }

  /** All tensors, sorted by name. */
  public Map<String, INDArray> all() {
    return tensors;
  }

  /** Total number of parameters. */
  public long parameterCount() {
    return tensors.values().stream().mapToLong(INDArray::length).sum();
  }

  /**
   * A SHA-256 over the config and every tensor's name, shape and float32 bytes, as hex: equal
   * weights give equal fingerprints whatever file layout they came from. Computed once, on demand.
   */
  public String fingerprint() {
    String f = fingerprint;
    if (f == null) {
      synchronized (this) {
        if (fingerprint == null) {
          fingerprint = computeFingerprint();
        }
        f = fingerprint;
      }
    }
    return f;
  }

  private String computeFingerprint() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    md.update(config.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
      md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update(Arrays.toString(e.getValue().shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      INDArray a = e.getValue().isView() ? e.getValue().dup('c') : e.getValue();
      ByteBuffer b = a.data().asNio().order(ByteOrder.nativeOrder());
      b.limit((int) (a.length() * 4));
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The tensors a model of {@code config} has, with their shapes, in OpenAI naming and layout. */
  public static Map<String, long[]> expectedShapes(ClipConfig config) {
    Map<String, long[]> m = new LinkedHashMap<>();
    ClipConfig.Vision v = config.vision();
    ClipConfig.Text t = config.text();
    long vw = v.width();
    m.put("visual.class_embedding", new long[] {vw});
    m.put("visual.conv1.weight", new long[] {vw, 3, v.patchSize(), v.patchSize()});
    m.put("visual.positional_embedding", new long[] {v.tokens(), vw});
    m.put("visual.ln_pre.weight", new long[] {vw});
    m.put("visual.ln_pre.bias", new long[] {vw});
    for (int i = 0; i < v.layers(); i++) {
      putBlock(m, "visual.transformer.resblocks." + i + ".", vw, v.mlpWidth());
    }
    m.put("visual.ln_post.weight", new long[] {vw});
    m.put("visual.ln_post.bias", new long[] {vw});
    m.put("visual.proj", new long[] {vw, config.embedDim()});
    long tw = t.width();
    m.put("token_embedding.weight", new long[] {t.vocabSize(), tw});
    m.put("positional_embedding", new long[] {t.contextLength(), tw});
    for (int i = 0; i < t.layers(); i++) {
      putBlock(m, "transformer.resblocks." + i + ".", tw, t.mlpWidth());
    }
    m.put("ln_final.weight", new long[] {tw});
    m.put("ln_final.bias", new long[] {tw});
    m.put("text_projection", new long[] {tw, config.embedDim()});
    m.put(LOGIT_SCALE, new long[] {});
    return m;
  }

  /**
   * The tensors of one residual block under {@code prefix} (a gated block has the same ones plus its
   * two gates), in OpenAI naming.
   */
  public static Map<String, long[]> blockShapes(String prefix, long width, long mlpWidth) {
    Map<String, long[]> m = new LinkedHashMap<>();
    putBlock(m, prefix, width, mlpWidth);
    return m;
  }

  private static void putBlock(Map<String, long[]> m, String prefix, long width, long mlpWidth) {
    m.put(prefix + "ln_1.weight", new long[] {width});
    m.put(prefix + "ln_1.bias", new long[] {width});
    m.put(prefix + "attn.in_proj_weight", new long[] {3 * width, width});
    m.put(prefix + "attn.in_proj_bias", new long[] {3 * width});
    m.put(prefix + "attn.out_proj.weight", new long[] {width, width});
    m.put(prefix + "attn.out_proj.bias", new long[] {width});
    m.put(prefix + "ln_2.weight", new long[] {width});
    m.put(prefix + "ln_2.bias", new long[] {width});
    m.put(prefix + "mlp.c_fc.weight", new long[] {mlpWidth, width});
    m.put(prefix + "mlp.c_fc.bias", new long[] {mlpWidth});
    m.put(prefix + "mlp.c_proj.weight", new long[] {width, mlpWidth});
    m.put(prefix + "mlp.c_proj.bias", new long[] {width});
  }
}
