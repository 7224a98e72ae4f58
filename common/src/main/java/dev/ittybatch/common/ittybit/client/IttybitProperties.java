package dev.ittybatch.common.ittybit.client;

import dev.ittybatch.common.cli.Usage;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Ittybit, bound from {@code ITTYBIT_API_KEY}, {@code ITTYBIT_BASE_URL}, {@code
 * ITTYBIT_BASE_PATH}, {@code ITTYBIT_API_VERSION}, {@code ITTYBIT_CONNECT_TIMEOUT} and {@code
 * ITTYBIT_READ_TIMEOUT}.
 *
 * @param basePath put before every path ({@code /v1}); none by default: today's reference serves
 *     {@code /jobs} at the root of https://api.ittybit.com
 * @param apiVersion sent as {@code Accept-Version} when set: older generations of the API chose
 *     their shape by that header (dated values such as {@code 2025-08-20}); the {@code /jobs} pages
 *     do not mention it, so none is sent by default
 */
@ConfigurationProperties("ittybit")
@Validated
public record IttybitProperties(
    @NotBlank(message = "set ITTYBIT_API_KEY to the Ittybit API key") String apiKey,
    @DefaultValue("https://api.ittybit.com")
        @Pattern(regexp = "https?://\\S+", message = "ITTYBIT_BASE_URL must be an http(s) URL")
        String baseUrl,
    @DefaultValue("")
        @Pattern(
            regexp = "(/[A-Za-z0-9._~-]+)*/?",
            message = "ITTYBIT_BASE_PATH must be empty or a path such as /v1")
        String basePath,
    @Pattern(
            regexp = "([A-Za-z0-9._-]{1,40})?",
            message = "ITTYBIT_API_VERSION must be a version such as 2025-08-20")
        String apiVersion,
    @DefaultValue("5s") @NotNull Duration connectTimeout,
    @DefaultValue("30s") @NotNull Duration readTimeout) {

  /** The URL every path is resolved against: the base URL and the base path, no trailing slash. */
  public String root() {
    String path = basePath == null ? "" : basePath;
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return base + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }

  /** The key never appears in a log line or an error report, whoever prints this record. */
  @Override
  public String toString() {
    return "IttybitProperties[apiKey=<redacted>, baseUrl="
        + baseUrl
        + ", basePath="
        + basePath
        + ", apiVersion="
        + apiVersion
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }

  /**
   * The variables these properties are bound from, for a component's usage: the same words in every
   * component that calls Ittybit.
   *
   * @param apiKey what the key is for in that component
   * @param readTimeout what the read timeout means there
   */
  public static List<Usage.Variable> variables(String apiKey, String readTimeout) {
    return List.of(
        new Usage.Variable("ITTYBIT_API_KEY", apiKey),
        new Usage.Variable("ITTYBIT_BASE_URL", "Ittybit's API"),
        new Usage.Variable(
            "ITTYBIT_BASE_PATH", "a path before /jobs, for an older API generation [none]"),
        new Usage.Variable(
            "ITTYBIT_API_VERSION", "sent as Accept-Version when set [none: not sent]"),
        new Usage.Variable("ITTYBIT_CONNECT_TIMEOUT", "connect timeout for Ittybit"),
        new Usage.Variable("ITTYBIT_READ_TIMEOUT", readTimeout));
  }
}
