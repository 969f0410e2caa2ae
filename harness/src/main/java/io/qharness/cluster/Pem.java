package io.qharness.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client TLS context from a PEM CA file, the form Qdrant's own TLS settings use (ca_cert), so the
 * JDK's HTTP client trusts what gRPC trusts.
 */
public final class Pem {
  private Pem() {}

  /**
   * A client context trusting the certificates in {@code caFile}, or the JDK's defaults when null.
   */
  public static SSLContext clientContext(File caFile) throws IOException {
    try {
      if (caFile == null) {
        return SSLContext.getDefault();
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certificates(caFile)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("CA file " + caFile + " cannot be used for TLS: " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(File pem)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem.toPath())) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException(
            pem + " holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
      }
      return certs;
    }
  }
}
