package io.qharness.workload;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Round-robin over one injector's share of a set: items index, index + count, ... of {@code size},
 * so the shares of all injectors are disjoint and together the whole set.
 */
public final class Slices {
  private Slices() {}

  public static void check(int index, int count, int size, String what) {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "a share is injector 0.." + (count - 1) + " of " + count + ", got " + index);
    }
    if (size < count) {
      throw new IllegalArgumentException(
          size
              + " "
              + what
              + " cannot be shared by "
              + count
              + " injectors without repeats; use at least as many queries as injectors");
    }
  }

  /** The next item of the share, round-robin across all callers. */
  public static int next(AtomicLong cursor, int size, int index, int count) {
    int inShare = (size - index + count - 1) / count;
    return index + count * (int) Long.remainderUnsigned(cursor.getAndIncrement(), inShare);
  }
}
