package dev.ittybatch.local.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/** The run's throwaway secrets: API key, webhook secret, internal token and signing key. */
final class LocalSecrets {

  private LocalSecrets() {}

  /**
   * A fresh RSA key as PKCS#8 PEM, readable by this user only; it opens nothing anywhere.
   *
   * <p>512 bits, not the 2048 of a real service account key: on Cloud Run the signature is IAM's
   * work (signBlob), so here the key only stands in for that service, and its CPU is the
   * stand-in's, not the task handler's. Without the server compiler, which run-local leaves out
   * (see {@code local/jvm-options}), RSA runs without the JVM's big-number intrinsics: a signature
   * costs about 8 ms at 2048 bits, 1.4 ms at 1024 and 0.3 ms at 512, and at 200 entries a second on
   * two cores even 1.4 ms is a tenth of the machine. The key lives for one run, signs only URLs
   * that the Cloud Storage stand-in on loopback serves, and that stand-in checks each signature:
   * the URLs are the same V4 URLs, RSA-SHA256 signed, only shorter.
   */
  static Path writeSigningKey(Path file) throws IOException {
    KeyPairGenerator generator;
    try {
      generator = KeyPairGenerator.getInstance("RSA");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has RSA", e);
    }
    generator.initialize(512);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(file, pem);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Only on file systems without POSIX permissions; the key guards nothing real.
    }
    return file.toAbsolutePath();
  }

  static String secret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The account the task-handler's local signer names in every credential. */
  static final String SIGNER = "local-signer@ittybatch.invalid";

  /** The public half of a PKCS#8 PEM RSA key, for whoever checks what it signed. */
  static PublicKey publicKeyOf(Path pem) throws IOException {
    try {
      String base64 =
          Files.readString(pem)
              .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey key =
          (RSAPrivateCrtKey)
              rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + " is not an RSA key: " + e.getMessage(), e);
    }
  }
}
