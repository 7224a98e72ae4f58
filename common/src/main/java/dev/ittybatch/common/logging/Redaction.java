package dev.ittybatch.common.logging;

import java.util.regex.Pattern;

/**
 * Takes the secrets out of text that is stored or logged. Ittybit's error messages and our own
 * exceptions can echo a URL: a signed input URL's {@code X-Goog-Signature} opens the file to anyone
 * for days, and a webhook URL's {@code token} lets anyone post outcomes.
 */
public final class Redaction {

  static final String REDACTED = "REDACTED";
  private static final Pattern SECRETS =
      Pattern.compile("(?i)((?:X-Goog-Signature|token|X-Goog-Credential)=)[^&\\s\"'<>]+");

  private Redaction() {}

  /** The text with every signature, credential and token value replaced; null stays null. */
  public static String scrub(String text) {
    if (text == null || text.indexOf('=') < 0) {
      return text;
    }
    return SECRETS.matcher(text).replaceAll("$1" + REDACTED);
  }
}
