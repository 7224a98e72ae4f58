package dev.ittybatch.webhook.delivery;

/** The delivery did not prove it came from Ittybit: 401, nothing written. */
public class UnauthenticatedWebhookException extends RuntimeException {

  public UnauthenticatedWebhookException(String message) {
    super(message);
  }
}
