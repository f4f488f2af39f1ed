package org.reactvl.core.clip;

import java.util.Locale;

/** The MLP activation of a transformer tower. */
public enum Activation {
  /** {@code x * sigmoid(1.702 x)}: OpenAI's CLIP weights (and open_clip's "-quickgelu" models). */
  QUICK_GELU,
  /** The exact, erf-based GELU: open_clip models trained on LAION. */
  GELU,
  /** GELU's tanh approximation (Hugging Face "gelu_new" / "gelu_pytorch_tanh"). */
  GELU_TANH;

  /**
   * Parses a Hugging Face {@code hidden_act} name.
   *
   * @throws IllegalArgumentException for an activation CLIP does not use
   */
  public static Activation fromHuggingFace(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "quick_gelu" -> QUICK_GELU;
      case "gelu" -> GELU;
      case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
      default -> throw new IllegalArgumentException(
          "hidden_act must be one of quick_gelu, gelu, gelu_new, gelu_pytorch_tanh, but was '" + name + "'");
    };
  }

  /** The Hugging Face {@code hidden_act} name. */
  public String huggingFaceName() {
    return switch (this) {
      case QUICK_GELU -> "quick_gelu";
      case GELU -> "gelu";
      case GELU_TANH -> "gelu_pytorch_tanh";
    };
  }
}
