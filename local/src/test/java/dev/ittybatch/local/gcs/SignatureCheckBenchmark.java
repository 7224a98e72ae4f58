package dev.ittybatch.local.gcs;

import dev.ittybatch.local.testing.SigningKeys;
import dev.ittybatch.taskhandler.signing.InputSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What checking a V4 signature costs the Cloud Storage stand-in per fetch: the check itself, run in
 * a loop on one of the task-handler's own signed URLs, next to a whole signed download over
 * loopback for scale. Run through {@code bench/signature.sh [CHECKS]}.
 */
public final class SignatureCheckBenchmark {

  public static void main(String[] args) throws Exception {
    int checks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    KeyPair keys = SigningKeys.fresh();
    String account = SigningKeys.ACCOUNT;
    try (StorageStandIn storage =
        new StorageStandIn(keys.getPublic(), account, Clock.systemUTC())) {
      storage.put("media", "videos/clip one.mp4", new byte[4096]);
      InputSigner signer = SigningKeys.signer(storage, keys, false, storage.baseUrl());
      URI url = URI.create(signer.inputUrl("gs://media/videos/clip one.mp4", Instant.now()));
      V4Signature check = new V4Signature(keys.getPublic(), account);
      Map<String, String> headers = Map.of("host", url.getAuthority());
      double checkMs = 0;
      for (int round = 0; round < 2; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < checks; i++) {
          if (check.check("GET", url.getRawPath(), url.getRawQuery(), headers, Instant.now())
              != null) {
            throw new IllegalStateException("the task-handler's URL was refused");
          }
        }
        checkMs = (System.nanoTime() - start) / 1e6 / checks;
      }
      HttpClient http = HttpClient.newHttpClient();
      int downloads = Math.max(checks / 20, 100);
      long start = System.nanoTime();
      for (int i = 0; i < downloads; i++) {
        HttpResponse<byte[]> response =
            http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("download answered " + response.statusCode());
        }
      }
      double downloadMs = (System.nanoTime() - start) / 1e6 / downloads;
      System.out.printf(
          "signature check: %.3f ms each over %,d checks; a whole signed download over loopback:"
              + " %.3f ms each over %,d%n",
          checkMs, checks, downloadMs, downloads);
    }
  }
}
