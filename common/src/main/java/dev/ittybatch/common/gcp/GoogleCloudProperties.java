package dev.ittybatch.common.gcp;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where every Google client of a component points, bound from {@code GCP_PROJECT}, {@code
 * BIGQUERY_LOCATION} and the emulator variables ({@code google-cloud.properties}, which each
 * component's properties file imports). No Java Google client reads an emulator variable by itself
 * (google-cloud-bigquery and google-cloud-storage have no {@code getenv}; the gRPC clients take an
 * endpoint only in code): this record is the one place they are read.
 *
 * @param project the project of the dataset, the queue and the buckets ({@code GCP_PROJECT})
 * @param bigqueryLocation the dataset's location ({@code BIGQUERY_LOCATION}), given to the BigQuery
 *     client: outside the US and EU multi-regions BigQuery finds a job only with its location
 * @param bigqueryEmulatorHost {@code http://host:port} of a BigQuery stand-in
 * @param storageEmulatorHost {@code http://host:port} of a Cloud Storage stand-in; signed URLs then
 *     name it too
 * @param cloudTasksEmulatorHost {@code host:port} of a Cloud Tasks emulator (plaintext gRPC)
 * @param iamCredentialsEmulatorHost {@code host:port} of an IAM Credentials stand-in (plaintext
 *     gRPC), which signs URLs in place of IAM's signBlob
 * @param emulatorIdentity the account this component's calls name to the emulators, as a fixed
 *     {@code Authorization: Bearer <email>} with no credentials: on Cloud Run, its runtime service
 *     account. Stand-ins check what that account may do, as Google checks the account a token
 *     names.
 */
@ConfigurationProperties("google")
@Validated
public record GoogleCloudProperties(
    @NotBlank(message = "set GCP_PROJECT to the Google Cloud project id") String project,
    String bigqueryLocation,
    @Pattern(
            regexp = "(https?://[^/\\s]+)?",
            message = "BIGQUERY_EMULATOR_HOST must be http(s)://host:port")
        String bigqueryEmulatorHost,
    @Pattern(
            regexp = "(https?://[^/\\s]+)?",
            message = "STORAGE_EMULATOR_HOST must be http(s)://host:port")
        String storageEmulatorHost,
    @Pattern(regexp = "([^/\\s:]+:\\d+)?", message = "CLOUD_TASKS_EMULATOR_HOST must be host:port")
        String cloudTasksEmulatorHost,
    @Pattern(
            regexp = "([^/\\s:]+:\\d+)?",
            message = "IAM_CREDENTIALS_EMULATOR_HOST must be host:port")
        String iamCredentialsEmulatorHost,
    String emulatorIdentity) {

  @AssertTrue(
      message =
          "set EMULATOR_IDENTITY to the account this component's calls name to the emulators (its"
              + " service account): an emulator host is set")
  public boolean isIdentitySetForEmulators() {
    boolean emulated =
        Stream.of(
                bigqueryEmulatorHost,
                storageEmulatorHost,
                cloudTasksEmulatorHost,
                iamCredentialsEmulatorHost)
            .anyMatch(GoogleCloudProperties::set);
    return !emulated || set(emulatorIdentity);
  }

  /**
   * The same settings read straight from a process's environment, for a command that runs without
   * Spring (the orchestrator's dry run), unvalidated: what it needs is checked where it is used.
   */
  public static GoogleCloudProperties fromEnvironment(java.util.Map<String, String> env) {
    return new GoogleCloudProperties(
        env.get("GCP_PROJECT"),
        env.get("BIGQUERY_LOCATION"),
        env.get("BIGQUERY_EMULATOR_HOST"),
        env.get("STORAGE_EMULATOR_HOST"),
        env.get("CLOUD_TASKS_EMULATOR_HOST"),
        env.get("IAM_CREDENTIALS_EMULATOR_HOST"),
        env.get("EMULATOR_IDENTITY"));
  }

  /** The value of the {@code Authorization} header calls to an emulator carry. */
  public String emulatorAuthorization() {
    return "Bearer " + emulatorIdentity;
  }

  static boolean set(String value) {
    return value != null && !value.isBlank();
  }
}
