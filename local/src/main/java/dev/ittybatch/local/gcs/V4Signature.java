package dev.ittybatch.local.gcs;

import dev.ittybatch.local.LoopbackServers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Checks a V4 signed URL as Cloud Storage documents it: the canonical request (method, the path as
 * sent, the query without the signature, the signed headers), the string to sign (algorithm, date,
 * credential scope, hash of the canonical request), the RSA-SHA256 signature against the public
 * half of the signing key, and {@code X-Goog-Date} plus {@code X-Goog-Expires} against the clock.
 */
final class V4Signature {

  static final String ALGORITHM = "GOOG4-RSA-SHA256";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration MAX_EXPIRES = Duration.ofDays(7);

  String account() {
    return account;
  }

  /** Why a request was refused, as Cloud Storage's XML error names it. */
  record Refusal(int status, String code, String message) {}

  private final PublicKey key;
  private final String account;

  /**
   * @param account the service account email the credential must name
   */
  V4Signature(PublicKey key, String account) {
    this.key = key;
    this.account = account;
  }

  /**
   * @param rawPath the request path exactly as sent (percent-encoded)
   * @param rawQuery the query string exactly as sent
   * @param headers request header values by lowercase name
   * @return the refusal, or null when the request is properly signed and current
   */
  Refusal check(
      String method, String rawPath, String rawQuery, Map<String, String> headers, Instant now) {
    Map<String, String> query = LoopbackServers.queryParameters(rawQuery);
    for (String required :
        new String[] {
          "X-Goog-Algorithm",
          "X-Goog-Credential",
          "X-Goog-Date",
          "X-Goog-Expires",
          "X-Goog-SignedHeaders",
          "X-Goog-Signature"
        }) {
      if (!query.containsKey(required)) {
        return new Refusal(
            400,
            "AuthorizationQueryParametersError",
            "Query parameter " + required + " is missing");
      }
    }
    if (!ALGORITHM.equals(query.get("X-Goog-Algorithm"))) {
      return new Refusal(400, "AuthorizationQueryParametersError", "Unsupported X-Goog-Algorithm");
    }
    Instant signedAt;
    long expires;
    try {
      signedAt = Instant.from(STAMP.parse(query.get("X-Goog-Date")));
      expires = Long.parseLong(query.get("X-Goog-Expires"));
    } catch (DateTimeParseException | NumberFormatException e) {
      return new Refusal(
          400, "AuthorizationQueryParametersError", "X-Goog-Date or X-Goog-Expires is malformed");
    }
    if (expires < 1 || expires > MAX_EXPIRES.toSeconds()) {
      return new Refusal(
          400,
          "AuthorizationQueryParametersError",
          "X-Goog-Expires must be from 1 to 604800 seconds");
    }
    if (now.isBefore(signedAt.minus(Duration.ofMinutes(15)))) {
      return new Refusal(400, "RequestNotYetValid", "The request is not valid yet");
    }
    if (now.isAfter(signedAt.plusSeconds(expires))) {
      return new Refusal(400, "ExpiredToken", "The provided token has expired.");
    }
    String[] scope = query.get("X-Goog-Credential").split("/");
    if (scope.length != 5
        || !scope[0].equals(account)
        || !scope[1].equals(query.get("X-Goog-Date").substring(0, 8))
        || !scope[3].equals("storage")
        || !scope[4].equals("goog4_request")) {
      return new Refusal(
          400, "AuthorizationQueryParametersError", "X-Goog-Credential is not for this account");
    }
    String signedHeaders = query.get("X-Goog-SignedHeaders");
    if (!("," + signedHeaders.replace(';', ',') + ",").contains(",host,")) {
      return new Refusal(400, "AuthorizationQueryParametersError", "host must be a signed header");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String value = headers.get(name);
      if (value == null) {
        return new Refusal(403, "SignatureDoesNotMatch", "Signed header " + name + " is missing");
      }
      canonicalHeaders.append(name).append(':').append(value.trim()).append('\n');
    }
    String canonicalRequest =
        method
            + "\n"
            + rawPath
            + "\n"
            + canonicalQuery(query)
            + "\n"
            + canonicalHeaders
            + "\n"
            + signedHeaders
            + "\n"
            + "UNSIGNED-PAYLOAD";
    String stringToSign =
        ALGORITHM
            + "\n"
            + query.get("X-Goog-Date")
            + "\n"
            + String.join("/", scope[1], scope[2], scope[3], scope[4])
            + "\n"
            + sha256Hex(canonicalRequest);
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update(stringToSign.getBytes(StandardCharsets.UTF_8));
      byte[] signature = HexFormat.of().parseHex(query.get("X-Goog-Signature"));
      if (!verifier.verify(signature)) {
        return new Refusal(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.");
      }
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return new Refusal(403, "SignatureDoesNotMatch", "The signature is not valid hex RSA");
    }
    return null;
  }

  /** Every parameter but the signature, names and values encoded as RFC 3986, sorted by name. */
  static String canonicalQuery(Map<String, String> query) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      if (parameter.getKey().equals("X-Goog-Signature")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
    }
    return out.toString();
  }

  /** RFC 3986: only unreserved characters stay as they are. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
