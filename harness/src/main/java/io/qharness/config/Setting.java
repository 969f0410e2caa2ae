package io.qharness.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its name ("searchRate"), how it appears as a system property
 * ("qharness.searchRate"), an environment variable ("QHARNESS_SEARCH_RATE") and a CLI flag
 * ("--search-rate"), its default, parser and documentation.
 */
public final class Setting<T> {
  private final String name;
  private final String defaultText;
  private final Function<String, T> parser;
  private final String allowed;
  private final String description;
  private final boolean secret;

  Setting(
      String name,
      String defaultText,
      Function<String, T> parser,
      String allowed,
      String description,
      boolean secret) {
    this.name = name;
    this.defaultText = defaultText;
    this.parser = parser;
    this.allowed = allowed;
    this.description = description;
    this.secret = secret;
  }

  public String name() {
    return name;
  }

  public String systemProperty() {
    return "qharness." + name;
  }

  public String environmentVariable() {
    return "QHARNESS_" + snake(name).toUpperCase(Locale.ROOT);
  }

  public String flag() {
    return "--" + snake(name).replace('_', '-');
  }

  /** The default as text; null when the setting has none (unset unless given). */
  public String defaultText() {
    return defaultText;
  }

  public String allowed() {
    return allowed;
  }

  public String description() {
    return description;
  }

  /** A secret (API key) is shown as *** in dry runs and never written to run records. */
  public boolean secret() {
    return secret;
  }

  /**
   * Parses a value, or throws naming the setting, the value, where it came from and what is
   * allowed.
   */
  public T parse(String text, String source) {
    try {
      return parser.apply(text.trim());
    } catch (RuntimeException e) {
      String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      throw new ConfigException(
          "invalid value '"
              + (secret ? "***" : text)
              + "' for "
              + name
              + " from "
              + source
              + detail
              + "; allowed: "
              + allowed);
    }
  }

  private static String snake(String camel) {
    StringBuilder b = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return name;
  }
}
