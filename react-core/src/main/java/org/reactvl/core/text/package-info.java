/**
 * CLIP's text side before the model: OpenAI's tokenizer, reproduced id for id, and the prompt
 * templates used for zero-shot classification.
 *
 * <p>{@link org.reactvl.core.text.ClipTokenizer} turns text into the 77 ids a CLIP text tower
 * reads. It runs the same pipeline as {@code clip.tokenize} from openai/CLIP:
 *
 * <ol>
 *   <li>{@link org.reactvl.core.text.ClipTextCleaner}: a port of ftfy 6.3.1's {@code fix_text}
 *       (mojibake repair, quotes, ligatures, widths, controls, NFC, HTML entities on lines before
 *       the first '&lt;'), Python's {@code html.unescape} twice, whitespace collapsing and Python's
 *       {@code str.lower()};
 *   <li>splitting into words with OpenAI's regular expression, with the character classes of the
 *       Python {@code regex} module the reference ran (Unicode 15.0), read from a bundled table so
 *       the JDK's own Unicode version does not matter;
 *   <li>byte-level BPE with the 49,152 merges of {@code bpe_simple_vocab_16e6.txt.gz}.
 * </ol>
 *
 * <p>Where parity stops: Java's NFC normalization and the few {@code \w}/{@code \d} tests inside the
 * ftfy heuristics use the running JDK's Unicode tables, so characters assigned after Unicode 14.0
 * may be treated as the newer standard says. Everything else follows the measured Python tables.
 *
 * <p>{@link org.reactvl.core.text.PromptTemplates} holds OpenAI's 80 ImageNet templates and a
 * one-template baseline; fill them with class names and tokenize the results.
 *
 * <p>The bundled tables ({@code python-unicode.txt}, {@code html5-entities.txt}) are regenerated
 * by {@code react-core/tools/gen_text_tables.py}.
 */
package org.reactvl.core.text;
