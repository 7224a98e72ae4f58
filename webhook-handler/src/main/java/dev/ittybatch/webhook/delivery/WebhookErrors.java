package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.http.RetryLaterException;
import dev.ittybatch.common.results.ResultsStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every status this service answers, in one place. The codes are a contract with Ittybit, which
 * retries any non-2xx: 401/400/413 bodies will not improve on retry but tell the sender what is
 * wrong; 503 means "not stored, send again".
 */
@RestControllerAdvice
class WebhookErrors {

  private static final Logger log = LoggerFactory.getLogger(WebhookErrors.class);

  @ExceptionHandler(UnauthenticatedWebhookException.class)
  ProblemDetail unauthenticated(UnauthenticatedWebhookException e) {
    log.warn("webhook refused: {}", e.getMessage());
    return problem(HttpStatus.UNAUTHORIZED, "Webhook not authenticated", e.getMessage());
  }

  @ExceptionHandler(BadWebhookException.class)
  ProblemDetail bad(BadWebhookException e) {
    log.warn("webhook refused ({}): {}", e.status().value(), e.getMessage());
    return problem(e.status(), "Webhook not usable", e.getMessage());
  }

  @ExceptionHandler(ResultsStoreException.class)
  ResponseEntity<ProblemDetail> storeFailed(ResultsStoreException e) {
    log.error("result not stored, asking for redelivery: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .body(
            problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Result not stored",
                "the results store did not confirm the write; deliver again"));
  }

  @ExceptionHandler(RetryLaterException.class)
  ResponseEntity<ProblemDetail> retryLater(RetryLaterException e) {
    log.warn("webhook not settled, asking for redelivery: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, e.retryAfter())
        .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Try again later", e.getMessage()));
  }

  static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }
}
