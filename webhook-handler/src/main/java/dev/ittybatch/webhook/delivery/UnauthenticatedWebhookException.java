package dev.ittybatch.webhook.delivery;

/** The delivery did not prove it came from Ittybit: 401, nothing written. */
class UnauthenticatedWebhookException extends RuntimeException {

  UnauthenticatedWebhookException(String message) {
    super(message);
  }
}
