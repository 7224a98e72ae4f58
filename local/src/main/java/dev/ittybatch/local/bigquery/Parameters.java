package dev.ittybatch.local.bigquery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A query's parameters as the client sends them: {@code {name?, parameterType:{type, arrayType?},
 * parameterValue:{value | arrayValues}}}, every scalar a JSON string (BQ/QueryParameterValue.java).
 * jobs.query never sends {@code parameterMode}: named or positional is read from whether the
 * parameters have names (reference section 2).
 */
final class Parameters {

  private record Parameter(String type, JsonNode type_, JsonNode value) {}

  private final Map<String, Parameter> named = new LinkedHashMap<>();
  private final List<Parameter> positional = new ArrayList<>();

  Parameters(JsonNode list) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (JsonNode parameter : list) {
      JsonNode type = parameter.path("parameterType");
      Parameter p =
          new Parameter(type.path("type").asString(""), type, parameter.path("parameterValue"));
      String name = parameter.path("name").asString("");
      if (name.isEmpty()) {
        positional.add(p);
      } else {
        named.put(name.toLowerCase(Locale.ROOT), p);
      }
    }
    if (!named.isEmpty() && !positional.isEmpty()) {
      throw ApiError.invalid("Positional and named query parameters cannot both be used");
    }
  }

  /**
   * Binds the parameters of a translated statement, in order.
   *
   * @param names the statement's parameters, "" for each positional one
   */
  void bind(Connection connection, PreparedStatement statement, List<String> names, String sql)
      throws SQLException {
    int positionalIndex = 0;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Parameter parameter;
      if (name.isEmpty()) {
        if (positionalIndex >= positional.size()) {
          throw ApiError.invalidQuery(
              "Query has "
                  + names.size()
                  + " positional parameters but "
                  + positional.size()
                  + " were given");
        }
        parameter = positional.get(positionalIndex++);
      } else {
        parameter = named.get(name.toLowerCase(Locale.ROOT));
        if (parameter == null) {
          throw ApiError.invalidQuery("Query parameter '" + name + "' not found");
        }
      }
      statement.setObject(i + 1, value(connection, parameter, name));
    }
  }

  private static Object value(Connection connection, Parameter parameter, String name)
      throws SQLException {
    JsonNode value = parameter.value();
    if (parameter.type().equals("ARRAY")) {
      String elementType =
          apiType(parameter.type_().path("arrayType").path("type").asString(""), name);
      List<Object> elements = new ArrayList<>();
      for (JsonNode element : value.path("arrayValues")) {
        elements.add(Writer.jdbc(elementType, scalar(elementType, element.path("value"), name)));
      }
      return connection.createArrayOf(Types.duckdb(elementType), elements.toArray());
    }
    String type = apiType(parameter.type(), name);
    return Writer.jdbc(type, scalar(type, value.path("value"), name));
  }

  private static String apiType(String type, String name) {
    String api = Types.api(type);
    if (api == null) {
      throw ApiError.invalidQuery(
          "Query parameter '" + name + "' has type " + type + ", not supported by the stand-in");
    }
    return api;
  }

  private static Object scalar(String type, JsonNode value, String name) {
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    try {
      return Values.convert(type, value);
    } catch (Values.Invalid e) {
      throw ApiError.invalidQuery(
          "Invalid value for query parameter '" + name + "': " + e.getMessage());
    }
  }
}
