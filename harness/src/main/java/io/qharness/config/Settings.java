package io.qharness.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolved configuration, layered as documented: defaults in code &lt; config file &lt; environment
 * variables ({@code QHARNESS_*}) &lt; system properties ({@code -Dqharness.*}) &lt; command-line
 * flags. Every value remembers which layer it came from.
 */
public final class Settings {
  /** The layers, lowest precedence first. */
  public enum Source {
    DEFAULT("default"),
    FILE("config file"),
    ENVIRONMENT("environment"),
    SYSTEM_PROPERTY("system property"),
    FLAG("command line");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A resolved value with its origin, e.g. "QHARNESS_HOSTS (environment)". */
  public record Value(String text, Source source, String origin) {}

  private final Map<String, Value> values;

  private Settings(Map<String, Value> values) {
    this.values = values;
  }

  /** Resolves every catalogued setting from the process environment and system properties. */
  public static Settings fromEnvironment() {
    return resolve(System.getenv(), System.getProperties(), Map.of());
  }

  /**
   * Resolves every catalogued setting. The config file is named by {@code config} (flag, system
   * property or environment variable); unknown keys in it are refused.
   */
  public static Settings resolve(
      Map<String, String> env, Properties sysProps, Map<String, String> flags) {
    Map<String, Value> v = new LinkedHashMap<>();
    for (Setting<?> s : Catalog.ALL) {
      if (s.defaultText() != null) {
        v.put(s.name(), new Value(s.defaultText(), Source.DEFAULT, "default"));
      }
    }
    String configFile = flags.get(Catalog.CONFIG.name());
    if (configFile == null) {
      configFile = sysProps.getProperty(Catalog.CONFIG.systemProperty());
    }
    if (configFile == null) {
      configFile = env.get(Catalog.CONFIG.environmentVariable());
    }
    if (configFile != null && !configFile.isBlank()) {
      for (Map.Entry<String, String> e : readFile(Path.of(configFile)).entrySet()) {
        v.put(e.getKey(), new Value(e.getValue(), Source.FILE, configFile));
      }
    }
    for (Setting<?> s : Catalog.ALL) {
      String e = env.get(s.environmentVariable());
      if (e != null && !e.isEmpty()) {
        v.put(s.name(), new Value(e, Source.ENVIRONMENT, s.environmentVariable()));
      }
    }
    for (Setting<?> s : Catalog.ALL) {
      String p = sysProps.getProperty(s.systemProperty());
      if (p != null && !p.isEmpty()) {
        v.put(s.name(), new Value(p, Source.SYSTEM_PROPERTY, "-D" + s.systemProperty()));
      }
    }
    for (Map.Entry<String, String> f : flags.entrySet()) {
      Setting<?> s = Catalog.byName(f.getKey());
      v.put(s.name(), new Value(f.getValue(), Source.FLAG, s.flag()));
    }
    Settings settings = new Settings(v);
    settings.validate();
    return settings;
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "config file "
              + file
              + " does not exist; give an existing properties file (key=value lines)");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "config file "
              + file
              + " cannot be read as properties (key=value lines): "
              + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      String name = key.startsWith("qharness.") ? key.substring("qharness.".length()) : key;
      Setting<?> s = Catalog.find(name);
      if (s == null) {
        throw new ConfigException(
            "config file " + file + ": unknown key '" + key + "'; known keys: " + Catalog.names());
      }
      out.put(s.name(), p.getProperty(key));
    }
    return out;
  }

  /** Parses every value once, so a bad one fails before any work starts. */
  private void validate() {
    for (Setting<?> s : Catalog.ALL) {
      Value v = values.get(s.name());
      if (v != null) {
        s.parse(v.text(), v.origin());
      }
    }
  }

  /**
   * These settings with a workload's own default for {@code s}, where no file, environment,
   * property or flag gave one (e.g. ScaleOut's scale schedule).
   */
  public Settings withDefault(Setting<?> s, String value, String origin) {
    Value v = values.get(s.name());
    if (v != null && v.source() != Source.DEFAULT) {
      return this;
    }
    Map<String, Value> copy = new LinkedHashMap<>(values);
    copy.put(s.name(), new Value(value, Source.DEFAULT, origin));
    Settings out = new Settings(copy);
    s.parse(value, origin);
    return out;
  }

  public <T> T get(Setting<T> s) {
    Value v = values.get(s.name());
    return v == null ? null : s.parse(v.text(), v.origin());
  }

  /** True when the setting has a value, its default included. */
  public boolean isSet(Setting<?> s) {
    return values.containsKey(s.name());
  }

  /**
   * True when the value was given (file, environment, property or flag), not taken from the
   * default.
   */
  public boolean isExplicit(Setting<?> s) {
    Value v = values.get(s.name());
    return v != null && v.source() != Source.DEFAULT;
  }

  public Value value(Setting<?> s) {
    return values.get(s.name());
  }

  /**
   * Every setting with its effective value (secrets masked) and origin, for dry runs and records.
   */
  public List<String[]> describe() {
    List<String[]> rows = new ArrayList<>();
    for (Setting<?> s : Catalog.ALL) {
      Value v = values.get(s.name());
      String text = v == null ? "(unset)" : s.secret() ? "***" : v.text();
      rows.add(new String[] {s.name(), text, v == null ? "-" : v.origin()});
    }
    return rows;
  }

  /** Effective values as a map for run records; secrets are left out. */
  public Map<String, String> toRecord() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Setting<?> s : Catalog.ALL) {
      Value v = values.get(s.name());
      if (v != null && !s.secret()) {
        out.put(s.name(), v.text());
      }
    }
    return out;
  }

  /** Values as -Dqharness.* system properties, to hand to a forked Gatling JVM. */
  public Map<String, String> toSystemProperties() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Setting<?> s : Catalog.ALL) {
      Value v = values.get(s.name());
      if (v != null && v.source() != Source.DEFAULT) {
        out.put(s.systemProperty(), v.text());
      }
    }
    return out;
  }
}
