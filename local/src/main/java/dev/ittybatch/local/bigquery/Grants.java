package dev.ittybatch.local.bigquery;

import dev.ittybatch.local.iam.Resources;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GRANT and REVOKE (data-control-language): recorded, not enforced; what the stand-in allows is its
 * {@link dev.ittybatch.local.iam.AccessPolicy}'s to say. Granting on a dataset needs
 * bigquery.datasets.update, on a table or view bigquery.tables.setIamPolicy.
 */
final class Grants {

  /** The member forms IAM takes (https://cloud.google.com/iam/docs/principal-identifiers). */
  private static final Pattern MEMBER =
      Pattern.compile(
          "(user|serviceAccount|group|domain|principal|principalSet):\\S+|allUsers|allAuthenticatedUsers");

  private static final Pattern ROLE =
      Pattern.compile("roles/[A-Za-z0-9_.]+|projects/[^/]+/roles/[A-Za-z0-9_.]+");

  private final Catalog catalog;
  private final Access access;

  Grants(Catalog catalog, Access access) {
    this.catalog = catalog;
    this.access = access;
  }

  Outcome run(Parsed.Grant grant, Context context) throws SQLException {
    TableRef target = grant.target();
    String resource;
    if (target.table() == null) {
      catalog.requireDataset(target.project(), target.dataset());
      access.onDataset(
          context.identity(),
          context.method(),
          "bigquery.datasets.update",
          target.project(),
          target.dataset());
      resource = Resources.dataset(target.project(), target.dataset());
    } else {
      catalog.requireTable(target);
      access.onTable(context.identity(), context.method(), "bigquery.tables.setIamPolicy", target);
      resource = target.resource();
    }
    for (String role : grant.roles()) {
      if (!ROLE.matcher(role).matches()) {
        throw ApiError.invalidQuery("Invalid role: " + role);
      }
    }
    for (String member : grant.members()) {
      if (!MEMBER.matcher(member).matches()) {
        throw ApiError.invalidQuery("Invalid member: " + member);
      }
    }
    catalog.change(
        null,
        connection -> {
          try (PreparedStatement delete =
                  connection.prepareStatement(
                      "DELETE FROM "
                          + Database.META
                          + ".grants WHERE resource = ? AND role = ? AND member = ?");
              PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO " + Database.META + ".grants VALUES (?, ?, ?, ?)")) {
            for (String role : grant.roles()) {
              for (String member : grant.members()) {
                delete.setString(1, resource);
                delete.setString(2, role);
                delete.setString(3, member);
                delete.executeUpdate();
                if (!grant.revoke()) {
                  insert.setString(1, resource);
                  insert.setString(2, role);
                  insert.setString(3, member);
                  insert.setLong(4, catalog.now());
                  insert.executeUpdate();
                }
              }
            }
          }
          return null;
        });
    return Outcome.ddl(grant.type(), null, target);
  }

  List<Grant> all() throws SQLException {
    return catalog
        .database()
        .read(
            connection -> {
              List<Grant> grants = new ArrayList<>();
              try (Statement sql = connection.createStatement();
                  ResultSet rows =
                      sql.executeQuery(
                          "SELECT resource, role, member FROM "
                              + Database.META
                              + ".grants ORDER BY granted_ms, resource, role, member")) {
                while (rows.next()) {
                  grants.add(new Grant(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
              }
              return grants;
            });
  }
}
