package dev.ittybatch.local.bigquery;

import tools.jackson.databind.node.ObjectNode;

/**
 * One column of a schema, as the API writes it.
 *
 * @param type the API's (legacy) type name: STRING, INTEGER, FLOAT, BOOLEAN, TIMESTAMP...
 * @param mode NULLABLE or REQUIRED
 */
record Field(String name, String type, String mode, String description) {

  boolean required() {
    return "REQUIRED".equals(mode);
  }

  void write(ObjectNode field) {
    field.put("name", name);
    field.put("type", type);
    field.put("mode", mode);
    if (description != null && !description.isEmpty()) {
      field.put("description", description);
    }
  }
}
