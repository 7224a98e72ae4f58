package dev.ittybatch.common.ittybit.client;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Ittybit, bound from {@code ITTYBIT_API_KEY}, {@code ITTYBIT_BASE_URL}, {@code
 * ITTYBIT_CONNECT_TIMEOUT} and {@code ITTYBIT_READ_TIMEOUT}.
 */
@ConfigurationProperties("ittybit")
@Validated
public record IttybitProperties(
    @NotBlank(message = "set ITTYBIT_API_KEY to the Ittybit API key") String apiKey,
    @DefaultValue("https://api.ittybit.com")
        @Pattern(regexp = "https?://\\S+", message = "ITTYBIT_BASE_URL must be an http(s) URL")
        String baseUrl,
    @DefaultValue("5s") @NotNull Duration connectTimeout,
    @DefaultValue("30s") @NotNull Duration readTimeout) {

  /** The key never appears in a log line or an error report, whoever prints this record. */
  @Override
  public String toString() {
    return "IttybitProperties[apiKey=<redacted>, baseUrl="
        + baseUrl
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }
}
