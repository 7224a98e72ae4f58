package dev.ittybatch.common.manifest;

import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.ittybit.MediaKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one parsed manifest line into a valid entry or a reason, checking every documented rule.
 */
final class EntryValidator {

  private static final Set<String> FIELDS = Set.of("path", "kind", "options");

  ManifestRecord validate(JsonNode node, long line) {
    if (!node.isObject()) {
      return invalid(
          line,
          "expected a JSON object like {\"path\": ..., \"kind\": ...}, found " + typeOf(node));
    }
    List<String> warnings = new ArrayList<>();

    JsonNode pathNode = node.get("path");
    if (pathNode == null || pathNode.isNull()) {
      return invalid(line, "\"path\" is missing");
    }
    if (!pathNode.isString()) {
      return invalid(line, "\"path\" must be a string, found " + typeOf(pathNode));
    }
    String path = pathNode.stringValue();
    if (path.isBlank()) {
      return invalid(line, "\"path\" is blank");
    }
    Optional<String> pathProblem = pathProblem(path);
    if (pathProblem.isPresent()) {
      return invalid(line, pathProblem.get());
    }

    JsonNode kindNode = node.get("kind");
    if (kindNode == null || kindNode.isNull()) {
      return invalid(line, "\"kind\" is missing; expected one of " + MediaKind.WIRE_NAMES);
    }
    if (!kindNode.isString()) {
      return invalid(line, "\"kind\" must be a string, found " + typeOf(kindNode));
    }
    Optional<MediaKind> kind = MediaKind.fromWireName(kindNode.stringValue());
    if (kind.isEmpty()) {
      return invalid(line, "kind " + kindNode + " is not one of " + MediaKind.WIRE_NAMES);
    }

    JsonNode optionsNode = node.get("options");
    ObjectNode options;
    if (optionsNode == null || optionsNode.isNull()) {
      options = JsonNodeFactory.instance.objectNode();
    } else if (optionsNode.isObject()) {
      options = (ObjectNode) optionsNode;
    } else {
      return invalid(line, "\"options\" must be a JSON object, found " + typeOf(optionsNode));
    }
    for (Map.Entry<String, JsonNode> option : options.properties()) {
      String name = option.getKey();
      if (!OptionRules.known(name)) {
        warnings.add("unknown option \"" + name + "\" passed through unchecked");
        continue;
      }
      if (!OptionRules.documented(kind.get(), name)) {
        warnings.add(
            "option \""
                + name
                + "\" is not documented for kind "
                + kind.get()
                + "; passed through unchecked");
        continue;
      }
      Optional<String> problem = OptionRules.check(name, option.getValue(), kind.get());
      if (problem.isPresent()) {
        return invalid(line, "option \"" + name + "\" " + problem.get());
      }
    }
    Optional<String> together = OptionRules.checkTogether(options);
    if (together.isPresent()) {
      return invalid(line, together.get());
    }

    for (String field : node.propertyNames()) {
      if (!FIELDS.contains(field)) {
        warnings.add("unknown field \"" + field + "\" ignored");
      }
    }
    return new ManifestRecord.Valid(new ManifestEntry(line, path, kind.get(), options), warnings);
  }

  private static Optional<String> pathProblem(String path) {
    if (path.startsWith(GcsPath.SCHEME)) {
      try {
        GcsPath.parse(path);
        return Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.of("\"path\" " + e.getMessage());
      }
    }
    if (path.startsWith("https://")) {
      try {
        URI uri = new URI(path);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
          return Optional.of("\"path\" \"" + path + "\" has no host name");
        }
        return Optional.empty();
      } catch (URISyntaxException e) {
        return Optional.of("\"path\" \"" + path + "\" is not a valid URL: " + e.getReason());
      }
    }
    return Optional.of(
        "\"path\" must start with gs:// or https://, found \"" + abbreviate(path) + "\"");
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  private static String typeOf(JsonNode node) {
    String json = node.toString();
    String type =
        switch (node.getNodeType()) {
          case ARRAY -> "an array";
          case OBJECT -> "an object";
          case STRING -> "a string";
          case NUMBER -> "a number";
          case BOOLEAN -> "a boolean";
          case NULL -> "null";
          default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    return node.isNull() || json.length() > 40 ? type : type + " " + json;
  }

  private static ManifestRecord invalid(long line, String reason) {
    return new ManifestRecord.Invalid(line, reason);
  }
}
