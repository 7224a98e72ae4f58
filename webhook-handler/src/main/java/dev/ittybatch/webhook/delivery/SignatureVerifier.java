package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.ittybit.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks that a delivery came from Ittybit: an HMAC-SHA256 of the raw body (and the delivery time,
 * when a timestamp header is configured) and/or a shared token in the URL. Every comparison is
 * constant-time, so response timing reveals nothing about the expected value.
 */
@Component
public class SignatureVerifier {

  private static final Logger log = LoggerFactory.getLogger(SignatureVerifier.class);

  private final WebhookProperties properties;
  private final Clock clock;

  public SignatureVerifier(WebhookProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    if (!properties.signed() && !properties.tokenRequired()) {
      log.warn(
          "webhook deliveries are NOT authenticated (WEBHOOK_ALLOW_UNSIGNED=true): anyone who can"
              + " reach /webhook can write results. Use this only on one machine.");
    }
  }

  /**
   * @throws UnauthenticatedWebhookException naming what was missing or wrong (never the secret)
   */
  public void verify(byte[] body, String signatureHeader, String timestampHeader, String token) {
    if (properties.tokenRequired()) {
      if (token == null || !constantTimeEquals(properties.token(), token)) {
        throw new UnauthenticatedWebhookException(
            token == null ? "the ?token= parameter is missing" : "the ?token= parameter is wrong");
      }
    }
    if (!properties.signed()) {
      return;
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw new UnauthenticatedWebhookException(
          "the " + properties.signatureHeader() + " header is missing");
    }
    byte[] signed = body;
    if (properties.timestampHeader() != null && !properties.timestampHeader().isBlank()) {
      if (timestampHeader == null || timestampHeader.isBlank()) {
        throw new UnauthenticatedWebhookException(
            "the " + properties.timestampHeader() + " header is missing");
      }
      Optional<Instant> sent = Timestamps.parse(timestampHeader.trim());
      if (sent.isEmpty()) {
        throw new UnauthenticatedWebhookException(
            "the " + properties.timestampHeader() + " header is not a time");
      }
      Duration skew = Duration.between(sent.get(), clock.instant()).abs();
      if (skew.compareTo(properties.tolerance()) > 0) {
        throw new UnauthenticatedWebhookException(
            "the delivery is stale: sent " + skew.toSeconds() + " s from now");
      }
      signed = concat((timestampHeader.trim() + ".").getBytes(StandardCharsets.UTF_8), body);
    }
    byte[] expected = hmac(properties.secret(), signed);
    for (String candidate : signatureHeader.split(",")) {
      byte[] given = decode(candidate.trim());
      if (given != null && MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw new UnauthenticatedWebhookException(
        "the " + properties.signatureHeader() + " signature does not match the body");
  }

  /** HMAC-SHA256 of {@code content}: what a sender puts in the signature header (hex). */
  public static byte[] hmac(String secret, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is in every JVM", e);
    }
  }

  /** Reads {@code sha256=<hex>}, {@code <hex>} or base64; null when it is none of them. */
  static byte[] decode(String value) {
    String text = value.startsWith("sha256=") ? value.substring("sha256=".length()) : value;
    if (text.matches("[0-9a-fA-F]{64}")) {
      return HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT));
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      return bytes.length == 32 ? bytes : null;
    } catch (IllegalArgumentException notBase64) {
      try {
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        return bytes.length == 32 ? bytes : null;
      } catch (IllegalArgumentException notUrlBase64) {
        return null;
      }
    }
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
