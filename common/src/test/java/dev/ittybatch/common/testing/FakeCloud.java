package dev.ittybatch.common.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One WireMock server playing both BigQuery's insertAll endpoint and Ittybit, for tests that boot a
 * service the way Cloud Run starts it, BigQuery's endpoint swapped as for any emulator.
 */
public final class FakeCloud {

  public static final String PROJECT = "proj-1";
  public static final String INSERT_ALL =
      "/bigquery/v2/projects/" + PROJECT + "/datasets/ittybatch/tables/task_results/insertAll";
  public static final String API_KEY = "itty_sk_production_config";
  public static final String IDENTITY = "ittybatch-service@proj-1.iam.gserviceaccount.com";

  private FakeCloud() {}

  public static WireMockServer start() {
    WireMockServer cloud = new WireMockServer(wireMockConfig().dynamicPort());
    cloud.start();
    return cloud;
  }

  /** The environment a deployment would set, pointed at the fake. */
  public static void register(DynamicPropertyRegistry registry, WireMockServer cloud) {
    registry.add("GCP_PROJECT", () -> PROJECT);
    registry.add("BIGQUERY_EMULATOR_HOST", () -> "http://127.0.0.1:" + cloud.port());
    registry.add("EMULATOR_IDENTITY", () -> IDENTITY);
    registry.add("ITTYBIT_API_KEY", () -> API_KEY);
    registry.add("ITTYBIT_BASE_URL", () -> "http://127.0.0.1:" + cloud.port());
  }

  /** BigQuery accepts every row. */
  public static void acceptInserts(WireMockServer cloud) {
    cloud.stubFor(
        post(urlPathEqualTo(INSERT_ALL))
            .willReturn(okJson("{\"kind\":\"bigquery#tableDataInsertAllResponse\"}")));
  }
}
