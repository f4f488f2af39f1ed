package org.reactvl.core.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reactvl.core.ReactException;

/**
 * A named set of prompt templates for zero-shot classification: each template holds one {@code {}}
 * that {@link #fill} replaces with a class name, as Python's {@code template.format(name)} does.
 * CLIP embeds every filled prompt and averages the normalised embeddings per class.
 *
 * <ul>
 *   <li>{@link #imagenet80()}: the 80 ImageNet templates of OpenAI's "Prompt Engineering for
 *       ImageNet" notebook, in its order ("a bad photo of a {}.", ..., "a tattoo of the {}.").
 *   <li>{@link #simple()}: the single "a photo of a {}." baseline.
 * </ul>
 *
 * <p>An immutable value; thread-safe.
 *
 * <pre>{@code
 * PromptTemplates.simple().fill("golden retriever"); // ["a photo of a golden retriever."]
 * }</pre>
 *
 * @param name a short name for logs and reports, not blank
 * @param templates the templates, at least one, each containing {@code {}}
 */
public record PromptTemplates(String name, List<String> templates) {
  private static final String PLACEHOLDER = "{}";
  private static final String IMAGENET_RESOURCE = "imagenet-templates.txt";

  public PromptTemplates {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(templates, "templates");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
    }
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("templates must not be empty (set '" + name + "')");
    }
    for (int i = 0; i < templates.size(); i++) {
      String template = templates.get(i);
      if (template == null || !template.contains(PLACEHOLDER)) {
        throw new IllegalArgumentException(
            "templates[" + i + "] must contain " + PLACEHOLDER + " (set '" + name + "'), but was " + template);
      }
    }
    templates = List.copyOf(templates);
  }

  /** OpenAI's 80 ImageNet templates, in the notebook's order. */
  public static PromptTemplates imagenet80() {
    return new PromptTemplates("imagenet80", readResource(IMAGENET_RESOURCE));
  }

  /** The single template "a photo of a {}.". */
  public static PromptTemplates simple() {
    return new PromptTemplates("simple", List.of("a photo of a {}."));
  }

  /**
   * The prompts for one class: each template with every {@code {}} replaced by the class name.
   *
   * @param className the class name, e.g. "tench", inserted verbatim
   * @return one prompt per template, in template order
   */
  public List<String> fill(String className) {
    Objects.requireNonNull(className, "className");
    List<String> prompts = new ArrayList<>(templates.size());
    for (String template : templates) {
      prompts.add(template.replace(PLACEHOLDER, className));
    }
    return List.copyOf(prompts);
  }

  /** The number of templates. */
  public int size() {
    return templates.size();
  }

  private static List<String> readResource(String resource) {
    List<String> lines = new ArrayList<>();
    try (InputStream in = PromptTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ReactException("bundled resource " + resource + " must be on the classpath, but was missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new ReactException("could not read bundled resource " + resource, e);
    }
    return lines;
  }
}
