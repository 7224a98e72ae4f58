package dev.ittybatch.local.iam;

import java.util.Locale;

/**
 * The identity a request to a stand-in claims. Locally each component's Google clients send {@code
 * Authorization: Bearer <service account email>} (a fixed access token naming the account Cloud Run
 * would run it as); Google would check a real token, the stand-ins take the name at its word and
 * check only what that account may do.
 */
public final class Identities {

  /** A request with no bearer token. Google answers such calls 401. */
  public static final String ANONYMOUS = "anonymous";

  private Identities() {}

  /** The account an {@code Authorization} header value names, or {@link #ANONYMOUS}. */
  public static String fromAuthorization(String header) {
    if (header == null) {
      return ANONYMOUS;
    }
    String value = header.strip();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return ANONYMOUS;
    }
    String token = value.substring(7).strip();
    return token.isEmpty() ? ANONYMOUS : token;
  }
}
