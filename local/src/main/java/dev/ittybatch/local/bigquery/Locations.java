package dev.ittybatch.local.bigquery;

import java.util.Locale;
import java.util.Set;

/**
 * Where data lives. Multi-regions are written upper case (US, EU), regions lower case
 * (europe-west1), and compared without regard to case, as Cloud Storage writes them upper case.
 */
final class Locations {

  /**
   * The regions inside the EU multi-region: Cloud Storage's EU is "data centers within member
   * states of the European Union" (https://cloud.google.com/storage/docs/locations), so London
   * (europe-west2) and Zurich (europe-west6) are not in it. Regions from
   * https://cloud.google.com/bigquery/docs/locations#supported_locations.
   */
  private static final Set<String> EU =
      Set.of(
          "europe-central2",
          "europe-north1",
          "europe-north2",
          "europe-southwest1",
          "europe-west1",
          "europe-west3",
          "europe-west4",
          "europe-west8",
          "europe-west9",
          "europe-west10",
          "europe-west12");

  private Locations() {}

  static String normalize(String location) {
    if (location == null) {
      return null;
    }
    String lower = location.strip().toLowerCase(Locale.ROOT);
    return lower.equals("us") || lower.equals("eu") ? lower.toUpperCase(Locale.ROOT) : lower;
  }

  static boolean same(String a, String b) {
    return a != null && b != null && normalize(a).equals(normalize(b));
  }

  /**
   * Whether a dataset may load from a bucket: a dataset in the US multi-region from any location;
   * any other dataset only from its own region or, for a multi-region, from a region inside it
   * (loading-data-cloud-storage-json and -parquet, "Location considerations"; reference section 5).
   */
  static boolean mayLoad(String dataset, String bucket) {
    String d = normalize(dataset);
    String b = normalize(bucket);
    if (d.equals("US") || d.equals(b)) {
      return true;
    }
    return d.equals("EU") && EU.contains(b);
  }
}
