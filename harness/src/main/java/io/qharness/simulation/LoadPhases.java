package io.qharness.simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.updateStatus;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.results.RunFile;
import io.qharness.run.QharnessRun;
import io.qharness.run.UploadProgress;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PayloadIndexing;
import io.qharness.workload.PointBatches;
import io.qharness.workload.vectors.VectorDistance;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The phases every qharness workload starts with: (re)create the collection, upload the data set in
 * parallel batches with payloads (progress line with rate and ETA), wait until it is Green (or,
 * with upload=false, check the collection already holds the data set). Chain the load phase after
 * it with {@code andThen}; the ready user enters the load's first phase.
 *
 * <pre>{@code
 * QharnessRun run = QharnessRun.start(getClass());
 * Dataset data = run.dataset();
 * VectorDistance distance = run.distance(data);
 * PopulationBuilder ready =
 *     LoadPhases.createUploadAndWait(run, data, distance, run.payloads(), LoadPhases.enterLoad(run));
 * setUp(ready.andThen(searches)).protocols(run.protocol());
 * }</pre>
 */
public final class LoadPhases {
  private LoadPhases() {}

  /**
   * With upload=false, only checks (before any load) that the collection holds the data set and
   * waits until it is Green: another injector or an earlier run loaded it. {@code then} is run by
   * the same user once the collection is ready, typically {@link QharnessRun#enter} of the next
   * phase.
   */
  public static PopulationBuilder createUploadAndWait(
      QharnessRun run,
      Dataset data,
      VectorDistance distance,
      PayloadGenerator payloads,
      ChainBuilder then) {
    return createUploadAndWait(run, data, distance, payloads, null, null, then);
  }

  /**
   * As above; {@code indexingThresholdKb} and {@code fullScanThresholdKb} apply when the
   * indexingThreshold / fullScanThreshold settings are not given (null: Qdrant's defaults).
   */
  public static PopulationBuilder createUploadAndWait(
      QharnessRun run,
      Dataset data,
      VectorDistance distance,
      PayloadGenerator payloads,
      Long indexingThresholdKb,
      Long fullScanThresholdKb,
      ChainBuilder then) {
    Settings settings = run.settings();
    if (!settings.get(Catalog.UPLOAD)) {
      run.requireLoadedCollection(data, distance);
      return scenario("ready")
          .exec(waitForGreen(run))
          .exec(run.waitForStart())
          .exec(then)
          .injectOpen(atOnceUsers(1));
    }
    PointBatches upload =
        UploadBatches.of(
            settings,
            data,
            settings.get(Catalog.BATCH_SIZE),
            PointBatches.Mode.SEQUENTIAL,
            payloads);
    ChainBuilder setup =
        exec(qdrant("delete collection").deleteCollection())
            .exec(
                CollectionSettings.create(
                    run, data, distance, indexingThresholdKb, fullScanThresholdKb))
            .exitHereIfFailed();
    PayloadIndexing indexing = settings.get(Catalog.PAYLOAD_INDEX);
    if (indexing == PayloadIndexing.BEFORE) {
      setup = setup.exec(CollectionSettings.payloadIndexes(settings, data)).exitHereIfFailed();
    }
    ChainBuilder beforeGreen =
        indexing == PayloadIndexing.AFTER
            ? CollectionSettings.payloadIndexes(settings, data).exitHereIfFailed()
            : nothing();
    return prepare(run, setup, upload, beforeGreen, then);
  }

  /** Waits for every replica to be ready, up to the readyTimeout setting. */
  public static ChainBuilder waitForGreen(QharnessRun run) {
    return exec(
        qdrant("wait for green").waitForGreen().timeout(run.settings().get(Catalog.READY_TIMEOUT)));
  }

  /**
   * The collection's preparation with as few populations as can be: one user runs {@code setup} and
   * enters the upload phase; parallelism users upload {@code upload}; the last of them to finish
   * enters the index-build phase, runs {@code beforeGreen}, waits until the collection is Green and
   * runs {@code then}. Gatling starts a population chained with {@code andThen} only at its
   * injector's next one-second tick: each boundary made a step instead saves up to a second.
   */
  public static PopulationBuilder prepare(
      QharnessRun run,
      ChainBuilder setup,
      PointBatches upload,
      ChainBuilder beforeGreen,
      ChainBuilder then) {
    ChainBuilder ready =
        exec(Session::markAsSucceeded) // a failed last batch is counted; the wait still runs
            .exec(run.enter(QharnessRun.INDEX_BUILD_PHASE))
            .exec(beforeGreen)
            .exec(waitForGreen(run))
            .exec(run.waitForStart())
            .exec(then);
    return uploadThen(run, setup, upload, ready);
  }

  /**
   * As {@link #prepare}, without the wait for the index: the last uploader to finish runs {@code
   * afterUpload} at once (e.g. searches while the optimiser still builds the index).
   */
  public static PopulationBuilder uploadThen(
      QharnessRun run, ChainBuilder setup, PointBatches upload, ChainBuilder afterUpload) {
    int users = run.settings().get(Catalog.PARALLELISM);
    UploadProgress progress =
        new UploadProgress(
            upload, System.out, f -> run.record().put(RunFile.Section.UPLOAD, f, false));
    run.listen(progress);
    return scenario("setup")
        .exec(setup)
        .exec(run.enter(QharnessRun.UPLOAD_PHASE))
        .injectOpen(atOnceUsers(1))
        .andThen(
            scenario("upload")
                .exec(
                    session -> {
                      progress.uploaderStarts();
                      return session;
                    })
                .asLongAs(session -> !upload.exhausted())
                .on(
                    exec(
                        qdrant("upload batch")
                            .upsert()
                            .batches(upload)
                            .check(updateStatus().is(UpdateStatus.Completed))))
                .exec(
                    lastOut(
                        users,
                        exec(session -> {
                              progress.ended(); // every batch acknowledged
                              return session;
                            })
                            .exec(afterUpload)))
                .injectOpen(atOnceUsers(users)));
  }

  /**
   * {@code chain}, run once, by the last of {@code users} users to get here: the end of a phase
   * whose users all stop at this step, without another population (and injector tick).
   */
  public static ChainBuilder lastOut(int users, ChainBuilder chain) {
    AtomicInteger left = new AtomicInteger(users);
    return doIf(session -> left.decrementAndGet() == 0).then(chain);
  }

  /** A step that does nothing, where a chain is expected. */
  public static ChainBuilder nothing() {
    return exec(session -> session);
  }

  /** The phase a workload's load starts with: warm-up when there is one, else the measured one. */
  public static ChainBuilder enterLoad(QharnessRun run) {
    return run.enter(
        run.settings().get(Catalog.WARMUP).isZero()
            ? QharnessRun.MEASURED_WINDOW
            : QharnessRun.WARMUP_PHASE);
  }
}
