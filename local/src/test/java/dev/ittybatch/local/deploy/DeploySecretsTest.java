package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * setup against a project whose secrets are in every state a real one can be left in: services
 * start only with an enabled version of each secret they read, and each enabled version is billed.
 */
class DeploySecretsTest {

  static final String KEY = DeployScript.API_KEY;

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** gcloud's {@code --format=get(payload.data)}: the bytes, URL-safe base64. */
  static String payload(String secret) {
    return Base64.getUrlEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)) + "\n";
  }

  static List<String> added(FakeCloud cloud, String secret) throws Exception {
    return cloud.calls().stream()
        .filter(call -> call.startsWith("gcloud secrets versions add " + secret + " "))
        .toList();
  }

  static List<String> disabled(FakeCloud cloud) throws Exception {
    return cloud.calls().stream()
        .filter(call -> call.startsWith("gcloud secrets versions disable "))
        .map(call -> call.split(" ")[4])
        .toList();
  }

  static DeployScript.Result setup(FakeCloud cloud, boolean keyExported) throws Exception {
    DeployScript.Result result =
        cloud.run(true, keyExported ? Map.of("ITTYBIT_API_KEY", KEY) : Map.of(), "setup");
    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(result.out() + result.err() + cloud.log()).doesNotContain(KEY);
    return result;
  }

  @Test
  void aTokenSecretLeftWithNoEnabledVersionGetsOne() throws Exception {
    FakeCloud cloud =
        new FakeCloud()
            .answer("*secrets versions list ittybit-api-key *", 0, "1\n")
            .answer("*secrets versions list webhook-token *", 0, "");

    setup(cloud, false);

    assertThat(added(cloud, "webhook-token"))
        .singleElement()
        .satisfies(call -> assertThat(call).contains("--data-file=- <stdin sha256:"));
  }

  @Test
  void aTokenWithAnEnabledVersionIsKept() throws Exception {
    FakeCloud cloud =
        new FakeCloud()
            .answer("*secrets versions list ittybit-api-key *", 0, "1\n")
            .answer("*secrets versions list webhook-token *", 0, "2\n");

    setup(cloud, false);

    assertThat(added(cloud, "webhook-token")).isEmpty();
    assertThat(added(cloud, "ittybit-api-key")).isEmpty();
  }

  @Test
  void theKeyAlreadyStoredAddsNoVersionAndOlderCopiesAreDisabled() throws Exception {
    FakeCloud cloud =
        new FakeCloud()
            .answer("*secrets versions access latest --secret=ittybit-api-key *", 0, payload(KEY))
            .answer("*secrets versions describe latest --secret=ittybit-api-key *", 0, "3\n")
            .answer("*secrets versions list ittybit-api-key *", 0, "3\n2\n1\n")
            .answer("*secrets versions list webhook-token *", 0, "1\n");

    setup(cloud, true);

    assertThat(added(cloud, "ittybit-api-key")).isEmpty();
    assertThat(disabled(cloud)).containsExactly("2", "1");
  }

  @Test
  void aNewKeyIsAddedOnceAndTheVersionsItReplacesAreDisabled() throws Exception {
    FakeCloud cloud =
        new FakeCloud()
            .answer(
                "*secrets versions access latest --secret=ittybit-api-key *",
                0,
                payload("itty_sk_live_the_old_one"))
            .answer("*secrets versions describe latest --secret=ittybit-api-key *", 0, "4\n")
            .answer("*secrets versions list ittybit-api-key *", 0, "4\n3\n2\n")
            .answer("*secrets versions list webhook-token *", 0, "1\n");

    setup(cloud, true);

    assertThat(added(cloud, "ittybit-api-key"))
        .singleElement()
        .satisfies(call -> assertThat(call).endsWith("<stdin sha256:" + sha256(KEY) + ">"));
    assertThat(disabled(cloud)).containsExactly("3", "2");
    List<String> calls = cloud.calls();
    assertThat(calls.indexOf(added(cloud, "ittybit-api-key").get(0)))
        .as("nothing is disabled before its replacement is stored")
        .isLessThan(
            calls.stream()
                .filter(call -> call.startsWith("gcloud secrets versions disable"))
                .map(calls::indexOf)
                .min(Integer::compare)
                .orElseThrow());
  }

  @Test
  void aKeySecretWithNoVersionYetGetsTheKey() throws Exception {
    FakeCloud cloud =
        new FakeCloud()
            .answer("*secrets versions access latest --secret=ittybit-api-key *", 1, "")
            .answer("*secrets versions describe latest --secret=ittybit-api-key *", 0, "1\n")
            .answer("*secrets versions list ittybit-api-key *", 0, "1\n")
            .answer("*secrets versions list webhook-token *", 0, "1\n");

    setup(cloud, true);

    assertThat(added(cloud, "ittybit-api-key")).hasSize(1);
    assertThat(disabled(cloud)).isEmpty();
  }
}
