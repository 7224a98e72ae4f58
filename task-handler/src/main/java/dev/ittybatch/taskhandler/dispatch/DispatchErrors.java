package dev.ittybatch.taskhandler.dispatch;

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
 * The statuses Cloud Tasks sees, in one place. 503 (not 500) for "try again": Cloud Tasks backs off
 * harder on 429/503 and honours Retry-After. 400 only for requests that are not tasks at all.
 */
@RestControllerAdvice
class DispatchErrors {

  private static final Logger log = LoggerFactory.getLogger(DispatchErrors.class);

  @ExceptionHandler(RetryLaterException.class)
  ResponseEntity<ProblemDetail> retryLater(RetryLaterException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Try again later");
    problem.setProperty("error_kind", e.kind());
    ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE);
    if (e.retryAfter() != null && !e.retryAfter().isBlank()) {
      response.header(HttpHeaders.RETRY_AFTER, e.retryAfter());
    }
    return response.body(problem);
  }

  @ExceptionHandler(ResultsStoreException.class)
  ProblemDetail storeFailed(ResultsStoreException e) {
    log.error("result not stored, asking Cloud Tasks to retry: {}", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE, "the outcome could not be recorded; try again");
    problem.setTitle("Result not stored");
    return problem;
  }

  @ExceptionHandler(BadTaskException.class)
  ProblemDetail badTask(BadTaskException e) {
    log.warn("request is not a task from the orchestrator: {}", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Not a task payload");
    return problem;
  }
}
