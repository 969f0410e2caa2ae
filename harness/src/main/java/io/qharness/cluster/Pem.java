package io.qharness.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from PEM files, the form Qdrant's own TLS settings use (cert, key, ca_cert), so the
 * JDK's HTTP client and server speak TLS with the same files gRPC uses.
 */
public final class Pem {
  private Pem() {}

  /** A client context trusting the certificates in {@code caFile}, or the JDK's defaults when null. */
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
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("CA file " + caFile + " cannot be used for TLS: " + e.getMessage(), e);
    }
  }

  /** A server context presenting {@code chain} with its unencrypted PKCS#8 PEM {@code key}. */
  public static SSLContext serverContext(File chain, File key) throws IOException {
    try {
      Certificate[] certs = certificates(chain).toArray(new Certificate[0]);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      char[] password = new char[0];
      ks.setKeyEntry("server", privateKey(key), password, certs);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("certificate " + chain + " with key " + key + " cannot be served: " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(File pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem.toPath())) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException(pem + " holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
      }
      return certs;
    }
  }

  private static PrivateKey privateKey(File pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem.toPath());
    int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = text.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException(pem + " is not an unencrypted PKCS#8 PEM key (expected -----BEGIN PRIVATE KEY-----;"
          + " convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException wrongAlgorithm) {
        // try the next
      }
    }
    throw new IOException(pem + ": key is neither RSA, EC nor Ed25519");
  }
}
