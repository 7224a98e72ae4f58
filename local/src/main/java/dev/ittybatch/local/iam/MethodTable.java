package dev.ittybatch.local.iam;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every API method the deployed code calls, and the calls Google's services make on its behalf
 * (Cloud Scheduler's run of the job, Cloud Tasks' dispatch with the invoker's OIDC token, Cloud
 * Run's reading of each secret at start-up), each with the permission it needs and the resource it
 * is checked on ({@code deploy/iam/methods.tsv}). Identities and resources name the deployment's
 * settings as {@code ${NAME}}, filled in from its env file.
 */
public final class MethodTable {

  static final List<String> HEADER =
      List.of("identity", "method", "permission", "resource", "api", "source");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)}");

  /** One permission one method needs; a method that needs two has two rows. */
  public record Row(
      String where,
      String identity,
      String method,
      String permission,
      String resource,
      String api,
      String source) {

    /** As a stand-in would record it, answered by the policy. */
    public Call call(AccessPolicy policy) {
      return new Call(
          identity, method, permission, resource, policy.allows(identity, permission, resource));
    }
  }

  private final List<Row> rows;

  private MethodTable(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  public static MethodTable read(Path file) {
    return new MethodTable(
        Tsv.read(file, HEADER).stream()
            .map(
                row -> {
                  if (!row.get(5).startsWith("https://")) {
                    throw new IllegalArgumentException(row.where() + ": the source must be a URL");
                  }
                  return new Row(
                      row.where(),
                      row.get(0),
                      row.get(1),
                      row.get(2),
                      row.get(3),
                      row.get(4),
                      row.get(5));
                })
            .toList());
  }

  public List<Row> rows() {
    return rows;
  }

  /** The table for one deployment: every {@code ${NAME}} replaced by its setting. */
  public MethodTable forDeployment(Map<String, String> settings) {
    return new MethodTable(
        rows.stream()
            .map(
                row ->
                    new Row(
                        row.where(),
                        fill(row.where(), row.identity(), settings),
                        row.method(),
                        row.permission(),
                        fill(row.where(), row.resource(), settings),
                        row.api(),
                        row.source()))
            .toList());
  }

  private static String fill(String where, String template, Map<String, String> settings) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = settings.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(where + ": no setting " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
