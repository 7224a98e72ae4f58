package dev.ittybatch.webhook.delivery;

import org.springframework.http.HttpStatus;

/** A delivery we cannot use: too large (413), not JSON or no known shape (400). */
class BadWebhookException extends RuntimeException {

  private final HttpStatus status;

  BadWebhookException(HttpStatus status, String message) {
    super(message);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
