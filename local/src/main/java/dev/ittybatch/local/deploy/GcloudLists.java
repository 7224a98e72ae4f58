package dev.ittybatch.local.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list or dictionary flag's value ({@code --args}, {@code --set-env-vars}, {@code --set-secrets},
 * {@code --headers}, {@code --permissions}) split as gcloud splits it: at commas, unless the value
 * starts with {@code ^D^}, which makes D the delimiter for the whole value ({@code gcloud topic
 * escaping}; {@code ArgList.__call__} and {@code _TokenizeQuotedList} in
 * googlecloudsdk/calliope/arg_parsers.py). A dictionary element is split at its first {@code =}.
 */
public final class GcloudLists {

  private GcloudLists() {}

  public static List<String> split(String value) {
    String delimiter = ",";
    String rest = value;
    if (rest.startsWith("^") && rest.indexOf('^', 1) > 0) {
      int end = rest.indexOf('^', 1);
      delimiter = rest.substring(1, end);
      rest = rest.substring(end + 1);
      if (delimiter.isEmpty()) {
        throw new IllegalArgumentException("gcloud refuses an empty delimiter in " + value);
      }
    }
    if (rest.isEmpty()) {
      return List.of();
    }
    if (!rest.endsWith(delimiter)) {
      rest = rest + delimiter;
    }
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int at = rest.indexOf(delimiter); at >= 0; at = rest.indexOf(delimiter, from)) {
      parts.add(rest.substring(from, at));
      from = at + delimiter.length();
    }
    return parts;
  }

  /** KEY=VALUE elements as an ordered map; gcloud refuses an element without {@code =}. */
  public static Map<String, String> splitDict(String value) {
    Map<String, String> dict = new LinkedHashMap<>();
    for (String element : split(value)) {
      int equals = element.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "gcloud refuses \"" + element + "\": not KEY=VALUE, in " + value);
      }
      dict.put(element.substring(0, equals), element.substring(equals + 1));
    }
    return dict;
  }
}
