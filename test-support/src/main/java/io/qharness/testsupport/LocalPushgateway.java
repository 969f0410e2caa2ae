package io.qharness.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

/** Debian's Prometheus Pushgateway on a free loopback port, without persistence. */
public final class LocalPushgateway extends LocalProcess {
  private LocalPushgateway(Path dir) throws IOException {
    super(dir);
  }

  public static LocalPushgateway start(Path dir) throws IOException {
    Path bin = LocalBinaries.require("prometheus-pushgateway", "prometheus-pushgateway");
    LocalPushgateway p = new LocalPushgateway(dir);
    // Debian's build persists to /var/lib/prometheus/pushgateway.data unless told otherwise: every
    // gateway started as root then loaded the series earlier tests pushed (empty: memory only)
    p.start(
        List.of(bin.toString(), "--web.listen-address=127.0.0.1:" + p.port, "--persistence.file="),
        "/-/ready");
    return p;
  }

  /** The Pushgateway's own /metrics: every pushed series with its grouping labels. */
  public String metrics() throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
