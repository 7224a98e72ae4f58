package dev.ittybatch.local.iamcredentials;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The system-managed key of each service account the run knows, as IAM keeps one for each: made
 * when the account is created, never shown, its public half available to whoever checks a signature
 * (the Cloud Storage stand-in checks signed URLs against it).
 *
 * <p>512-bit RSA, not the 2048 of a real service account key: run-local's JVM compiles with C1
 * alone (see {@code local/jvm-options}), and without the server compiler's big-number intrinsics a
 * signature costs about 8 ms at 2048 bits, 1.4 ms at 1024 and 0.3 ms at 512; at 200 entries a
 * second on two cores even 1.4 ms is a tenth of the machine. In production the signature is IAM's
 * work, so here it is the stand-in's CPU, and a key that lives for one run and signs only URLs the
 * stand-in on loopback serves guards nothing: the URLs are the same V4 URLs, RSA-SHA256 signed.
 */
public final class ServiceAccountKeys {

  static final int BITS = 512;

  /** One account's key and the id IAM would name it by. */
  record AccountKey(KeyPair keys, String keyId) {}

  private final Map<String, AccountKey> keys = new ConcurrentHashMap<>();

  /** Makes the account's key, as creating the service account does; again, changes nothing. */
  public void create(String account) {
    keys.computeIfAbsent(account, ServiceAccountKeys::generate);
  }

  /** The public half of the account's key, or null when there is no such account. */
  public PublicKey publicKey(String account) {
    AccountKey key = keys.get(account);
    return key == null ? null : key.keys().getPublic();
  }

  AccountKey key(String account) {
    return keys.get(account);
  }

  private static AccountKey generate(String account) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(BITS);
      KeyPair pair = generator.generateKeyPair();
      byte[] id = new byte[20];
      new java.security.SecureRandom().nextBytes(id);
      return new AccountKey(pair, HexFormat.of().formatHex(id));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has RSA", e);
    }
  }
}
