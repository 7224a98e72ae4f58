package dev.ittybatch.taskhandler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole retry contract, status by status: a change to any line shows up here. */
class DecisionTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "200, -, ACCEPT",
        "201, -, ACCEPT",
        "202, -, ACCEPT",
        // 3xx: Ittybit never redirects an API call; a redirect means a wrong base URL.
        "301, -, RETRY_SETUP",
        "302, -, RETRY_SETUP",
        "304, -, RETRY_SETUP",
        "400, request_invalid, REJECT",
        "400, idempotency_key_invalid, CONFLICT",
        "401, token_invalid, RETRY_SETUP",
        "402, payment_required, RETRY_SETUP",
        "403, project_required, RETRY_SETUP",
        "404, -, REJECT",
        "405, -, RETRY_SETUP",
        "408, -, RETRY",
        "409, -, CONFLICT",
        "409, idempotency_conflict, CONFLICT",
        "410, -, REJECT",
        "413, -, REJECT",
        "415, -, REJECT",
        "422, format_unsupported, REJECT",
        "422, Idempotency_Mismatch, CONFLICT",
        "429, rate_limited, RETRY",
        // 451 and other unlisted 4xx: not the entry's fault that we know of; someone must look.
        "451, -, RETRY_SETUP",
        "418, -, RETRY_SETUP",
        "500, internal_error, RETRY",
        "502, -, RETRY",
        "503, -, RETRY",
        "504, -, RETRY",
        "599, -, RETRY",
      })
  void mapsEveryStatus(int status, String errorKind, Decision expected) {
    assertThat(Decision.forIttybit(status, errorKind, "Ittybit answered " + status))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "400, request_invalid, Idempotency-Key was used with a different request body",
    "422, invalid_input, this request is not idempotent with the earlier one",
  })
  void aConflictNamedOnlyInItsMessageIsNeverARejection(int status, String kind, String message) {
    assertThat(Decision.forIttybit(status, kind, message)).isEqualTo(Decision.CONFLICT);
  }
}
