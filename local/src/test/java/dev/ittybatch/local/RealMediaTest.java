package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.local.testing.Media;
import dev.ittybatch.local.testing.SigningKeys;
import dev.ittybatch.taskhandler.signing.InputSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator fetches each job's input from the Cloud Storage stand-in as Ittybit would, and
 * transcodes it with ffmpeg: the task-handler's signed URL gives a real output whose size ffprobe
 * confirms, and a signer with the wrong key makes the job fail with Cloud Storage's reason.
 */
class RealMediaTest {

  static final String KEY = "itty_sk_real_media_test";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  StorageStandIn storage;
  IttybitSimulator ittybit;
  KeyPair keys;

  @BeforeEach
  void start() throws Exception {
    Media.programs();
    keys = SigningKeys.shared();
    storage = new StorageStandIn(keys.getPublic(), SigningKeys.ACCOUNT, Clock.systemUTC());
    Path png = dir.resolve("frame.png");
    Media.ffmpeg("-f", "lavfi", "-i", "testsrc=size=800x600", "-frames:v", "1", png.toString());
    storage.put("media", "stills/frame one.png", Files.readAllBytes(png));
    ittybit =
        new IttybitSimulator(
            new IttybitSimulator.Settings(
                KEY,
                "hook-secret",
                Duration.ofMillis(50),
                1,
                Faults.none(),
                dir.resolve("ittybit"),
                true,
                Dialect.documented()));
  }

  @AfterEach
  void stop() {
    ittybit.close();
    storage.close();
  }

  static KeyPair keys() throws Exception {
    return SigningKeys.fresh();
  }

  InputSigner signer(KeyPair pair) throws Exception {
    return SigningKeys.signer(storage, pair, false, storage.baseUrl());
  }

  /** Creates a job for the input and waits for its end; the job as GET /jobs/{id} shows it. */
  JsonNode run(String input) throws Exception {
    String body =
        "{\"input\":\""
            + input
            + "\",\"kind\":\"image\",\"options\":{\"format\":\"webp\",\"width\":200},"
            + "\"metadata\":{\"batch_id\":\"b\",\"entry_id\":\""
            + "0123456789abcdef0123456789abcdef\"}}";
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ittybit.baseUrl() + "/jobs"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", String.format("%032x", System.nanoTime()))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asString();
    JsonNode[] job = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              job[0] =
                  JSON.readTree(
                      HTTP.send(
                              HttpRequest.newBuilder(URI.create(ittybit.baseUrl() + "/jobs/" + id))
                                  .header("Authorization", "Bearer " + KEY)
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body());
              String status = job[0].path("status").asString();
              return status.equals("succeeded") || status.equals("failed");
            });
    return job[0];
  }

  @Test
  void theTaskHandlersUrlGivesARealOutputThatFfprobeConfirms() throws Exception {
    JsonNode job = run(signer(keys).inputUrl("gs://media/stills/frame one.png", Instant.now()));

    assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("succeeded");
    JsonNode output = job.get("output");
    assertThat(output.path("width").asInt()).isEqualTo(200);
    assertThat(output.path("height").asInt()).isEqualTo(150);
    Path served = dir.resolve("served.webp");
    HttpResponse<Path> download =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(output.path("url").asString())).build(),
            HttpResponse.BodyHandlers.ofFile(served));
    assertThat(download.statusCode()).isEqualTo(200);
    JsonNode probe = Media.streams(served);
    assertThat(probe.get(0).path("width").asInt()).isEqualTo(200);
    assertThat(storage.downloads()).isEqualTo(1);
  }

  @Test
  void aBrokenSignerFailsTheJobWithSignatureDoesNotMatch() throws Exception {
    JsonNode job = run(signer(keys()).inputUrl("gs://media/stills/frame one.png", Instant.now()));

    assertThat(job.path("status").asString()).isEqualTo("failed");
    assertThat(job.path("error").path("kind").asString()).isEqualTo("input_unavailable");
    assertThat(job.path("error").path("message").asString()).contains("403 SignatureDoesNotMatch");
  }

  @Test
  void aMissingObjectFailsTheJobWithNoSuchKey() throws Exception {
    JsonNode job = run(signer(keys).inputUrl("gs://media/stills/nope.png", Instant.now()));

    assertThat(job.path("status").asString()).isEqualTo("failed");
    assertThat(job.path("error").path("message").asString()).contains("404 NoSuchKey");
  }
}
