package org.reactvl.core.gated;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * REACT's names for gated-block tensors, as in its released checkpoints: the one place they are
 * spelled. The block before vision layer {@code N} is
 * {@code visual.transformer.resblocks.N.gated_attn_block.}{@code {ln_1, attn.in_proj_weight, ...,
 * alpha_attn, alpha_dense}}.
 */
public final class GatedNames {
  /** The tensor-name pattern, for messages. */
  public static final String PATTERN = "visual.transformer.resblocks.N.gated_attn_block.*";
  /** Suffix of the attention branch's gate (a 0-d tensor). */
  public static final String ALPHA_ATTN = "alpha_attn";
  /** Suffix of the MLP branch's gate (a 0-d tensor). */
  public static final String ALPHA_DENSE = "alpha_dense";

  private static final String MARKER = ".gated_attn_block.";
  private static final Pattern NAME = Pattern.compile("^visual\\.transformer\\.resblocks\\.(\\d+)\\.gated_attn_block\\.(.+)$");

  private GatedNames() {}

  /** Prefix of the gated block before vision layer {@code layer}. */
  public static String prefix(int layer) {
    return "visual.transformer.resblocks." + layer + MARKER;
  }

  /** Whether {@code tensorName} names a gated-block tensor (of a module or a full REACT checkpoint). */
  public static boolean isGated(String tensorName) {
    return tensorName.contains(MARKER);
  }

  /** Whether {@code tensorName} names a gate ({@link #ALPHA_ATTN} or {@link #ALPHA_DENSE}). */
  public static boolean isGate(String tensorName) {
    return isGated(tensorName) && (tensorName.endsWith("." + ALPHA_ATTN) || tensorName.endsWith("." + ALPHA_DENSE));
  }

  /** The vision layer a well-formed gated tensor name belongs to; empty for any other name. */
  public static OptionalInt layerOf(String tensorName) {
    Matcher m = NAME.matcher(tensorName);
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }
}
