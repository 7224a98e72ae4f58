package dev.ittybatch.local.run;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The secrets setup makes, with values made for the run: the Ittybit key (the simulator's) and the
 * webhook token. The webhook's signing secret is Ittybit's and setup stores it only when exported:
 * a local run, like a deployment that was not given one, checks deliveries by their token.
 */
final class LocalSecrets {

  static final String ITTYBIT_API_KEY = "ittybit-api-key";
  static final String WEBHOOK_TOKEN = "webhook-token";

  private LocalSecrets() {}

  static Map<String, String> make(String apiKey) {
    return Map.of(ITTYBIT_API_KEY, apiKey, WEBHOOK_TOKEN, secret());
  }

  static String secret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
