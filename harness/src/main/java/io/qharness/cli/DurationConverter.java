package io.qharness.cli;

import io.qharness.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations in qharness's one syntax ({@link Durations}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
