package io.qharness.metrics;

/**
 * What the injector process spent uploading the data set (run.json {@code upload}): from the first
 * reporting interval with points sent to the one in which the last batch went out.
 *
 * @param points points sent
 * @param seconds wall time of the upload
 * @param pointsPerSec points sent per second
 * @param cpuSeconds the injector process's CPU over the upload (all threads: building the points,
 *     serialising them, gRPC, JIT, GC)
 * @param cpuMicrosPerPoint CPU µs per point sent
 * @param peakRssBytes the process's peak resident memory by the upload's end, -1 off Linux
 */
public record UploadFigures(
    long points,
    double seconds,
    double pointsPerSec,
    double cpuSeconds,
    double cpuMicrosPerPoint,
    long peakRssBytes) {

  /** The figures of {@code points} sent over {@code seconds} for {@code cpuSeconds} of CPU. */
  public static UploadFigures of(long points, double seconds, double cpuSeconds) {
    return new UploadFigures(
        points,
        seconds,
        seconds > 0 ? points / seconds : 0,
        cpuSeconds,
        points > 0 ? cpuSeconds * 1e6 / points : Double.NaN,
        InjectorLoad.procStatusBytes("VmHWM"));
  }
}
