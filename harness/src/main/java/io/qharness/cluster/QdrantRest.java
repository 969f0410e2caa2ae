package io.qharness.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Calls of Qdrant's REST API with the run's API key and TLS, answering JSON or an IOException whose
 * message names the problem and the fix. qharness loads through gRPC and observes through REST
 * (cluster state, telemetry); the only writes are the cluster operations of a scale event (shard
 * moves, peer removal).
 */
public final class QdrantRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String scheme;
  private final String apiKey;
  private final Duration timeout;

  /**
   * @param tls null for plain HTTP, else the TLS context (Qdrant with {@code service.enable_tls}
   *     serves REST over TLS on the same certificate as gRPC)
   */
  public QdrantRest(String apiKey, Duration timeout, SSLContext tls) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
    this.scheme = tls != null ? "https" : "http";
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  /** A client with the settings' API key and TLS (tls, caFile): the same security the load uses. */
  public static QdrantRest of(Settings settings, Duration timeout) {
    SSLContext tls = null;
    String ca = settings.get(Catalog.CA_FILE);
    if (ca != null && !settings.get(Catalog.TLS)) {
      throw new ConfigException(
          "caFile: a CA file ("
              + ca
              + ") was given but TLS is off; enable TLS (--tls) or drop the CA file");
    }
    if (settings.get(Catalog.TLS)) {
      if (ca != null && !new File(ca).canRead()) {
        throw new ConfigException(
            "caFile: "
                + ca
                + " cannot be read; give a readable PEM file with the cluster's CA certificate");
      }
      try {
        tls = Pem.clientContext(ca == null ? null : new File(ca));
      } catch (IOException e) {
        throw new ConfigException("caFile: " + e.getMessage());
      }
    }
    return new QdrantRest(settings.get(Catalog.API_KEY), timeout, tls);
  }

  /**
   * GET {@code path} on the node at {@code address} (host:port); the body as JSON when it answered
   * 200.
   */
  public JsonNode get(String address, String path) throws IOException {
    try {
      return getAsync(address, path).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(e.getCause()), e.getCause());
    }
  }

  /** As {@link #get}, without blocking: completes exceptionally with the explaining IOException. */
  public CompletableFuture<JsonNode> getAsync(String address, String path) {
    return send(address, path).thenApply(r -> unchecked(() -> body(address, "GET " + path, r)));
  }

  /**
   * GET of a text resource ({@code /metrics}): the body when the node answered 200, else completes
   * exceptionally with the explaining IOException.
   */
  public CompletableFuture<String> getTextAsync(String address, String path) {
    return send(address, path)
        .thenApply(
            r ->
                unchecked(
                    () -> {
                      denied(r);
                      if (r.statusCode() != 200) {
                        throw new IOException(
                            "GET " + path + " answered HTTP " + r.statusCode() + " at " + address);
                      }
                      return r.body();
                    }));
  }

  /**
   * POST of a JSON body (a cluster operation); the answer's JSON when the node answered 200, else
   * an IOException with the node's own error message (e.g. "Shard 9 of c does not exist").
   */
  public JsonNode post(String address, String path, JsonNode body) throws IOException {
    return call(
        address,
        path,
        "POST",
        HttpRequest.BodyPublishers.ofString(body.toString()),
        "application/json");
  }

  /** DELETE of a resource (a peer); as {@link #post}. */
  public JsonNode delete(String address, String path) throws IOException {
    return call(address, path, "DELETE", HttpRequest.BodyPublishers.noBody(), null);
  }

  private JsonNode call(
      String address,
      String path,
      String method,
      HttpRequest.BodyPublisher body,
      String contentType)
      throws IOException {
    try {
      return send(address, path, method, body, contentType)
          .thenApply(r -> unchecked(() -> body(address, method + " " + path, r)))
          .join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(e.getCause()), e.getCause());
    }
  }

  private CompletableFuture<HttpResponse<String>> send(String address, String path) {
    return send(address, path, "GET", HttpRequest.BodyPublishers.noBody(), null);
  }

  private CompletableFuture<HttpResponse<String>> send(
      String address,
      String path,
      String method,
      HttpRequest.BodyPublisher payload,
      String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(scheme + "://" + address + path))
            .timeout(timeout)
            .method(method, payload);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (apiKey != null) {
      b.header("api-key", apiKey);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (r, t) -> {
              if (t != null) {
                throw new CompletionException(
                    explain(
                        address,
                        t instanceof CompletionException c && c.getCause() != null
                            ? c.getCause()
                            : t));
              }
              return r;
            });
  }

  private interface Io<T> {
    T get() throws IOException;
  }

  private static <T> T unchecked(Io<T> read) {
    try {
      return read.get();
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  private IOException explain(String address, Throwable t) {
    if (t instanceof ConnectException) {
      return new IOException(
          "connection refused (is the node running, and is " + address + " its REST port?)");
    }
    if (t instanceof HttpTimeoutException) {
      return new IOException("no answer within " + timeout.toMillis() + " ms" + tlsHint());
    }
    if (t instanceof SSLHandshakeException) {
      return new IOException(
          "TLS handshake with "
              + address
              + " failed ("
              + t.getMessage()
              + "): the node's certificate is not trusted;"
              + " give the CA that signed it with --ca-file / QHARNESS_CA_FILE");
    }
    if (t instanceof SSLException) {
      return new IOException(
          "TLS to "
              + address
              + " failed ("
              + t.getMessage()
              + "): if the node serves plain HTTP, drop --tls");
    }
    if (scheme.equals("http")
        && String.valueOf(t.getMessage()).contains("parsing HTTP/1.1 status line")) {
      return new IOException(
          "the node answered with TLS, not plain HTTP: set --tls / QHARNESS_TLS=true (and --ca-file"
              + " for a private CA)");
    }
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new IOException("interrupted");
    }
    return new IOException(
        t.getClass().getSimpleName()
            + (t.getMessage() == null ? "" : ": " + t.getMessage())
            + tlsHint());
  }

  private String tlsHint() {
    return scheme.equals("http") ? " (if the node serves TLS, set --tls / QHARNESS_TLS=true)" : "";
  }

  private static void denied(HttpResponse<String> r) throws IOException {
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new IOException(
          "authentication failed (HTTP "
              + r.statusCode()
              + "): give the cluster's API key (--api-key or QHARNESS_API_KEY)");
    }
  }

  private static JsonNode body(String address, String request, HttpResponse<String> r)
      throws IOException {
    denied(r);
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IOException(
          request
              + " answered HTTP "
              + r.statusCode()
              + " with a body that is not JSON; is "
              + address
              + " a Qdrant REST port?");
    }
    if (r.statusCode() != 200) {
      throw new IOException(
          request
              + " answered HTTP "
              + r.statusCode()
              + ": "
              + body.path("status").path("error").asText(body.toString()));
    }
    return body;
  }
}
