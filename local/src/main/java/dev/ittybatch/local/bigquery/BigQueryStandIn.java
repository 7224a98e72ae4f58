package dev.ittybatch.local.bigquery;

import com.google.cloud.bigquery.TableId;
import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.local.LoopbackServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * BigQuery's v2 REST API on loopback, kept in a DuckDB file: what google-cloud-bigquery calls
 * (datasets, tables, insertAll, tabledata.list, query and load jobs), answered as BigQuery answers
 * and refused as BigQuery refuses ({@code ../shared/reference/bigquery-gcs-wire.md} lists the
 * contract, each rule here names its source). Point a client at {@link #baseUrl()} with {@code
 * BigQueryOptions.newBuilder().setHost(...)}; the client reads no emulator variable itself.
 */
public final class BigQueryStandIn implements AutoCloseable {

  private final BigQuerySettings settings;
  private final Database database;
  private final Writer writer;
  private final Catalog catalog;
  private final Grants grants;
  private final Map<TableRef, ViewAccelerator> accelerators = new ConcurrentHashMap<>();
  private final ExecutorService queries;
  private final ExecutorService requests;
  private final HttpServer server;

  public BigQueryStandIn(BigQuerySettings settings) throws IOException {
    this.settings = settings;
    JsonMapper json = JsonMapper.builder().build();
    this.database = new Database(settings.file(), settings.queryThreads());
    try {
      this.catalog = new Catalog(database, settings.clock());
      this.writer = new Writer(database);
    } catch (SQLException e) {
      throw new IOException("cannot open " + settings.file() + ": " + e.getMessage(), e);
    }
    Access access = new Access(settings.calls());
    StreamingBuffer buffer = new StreamingBuffer(settings.streamingBuffer(), settings.clock());
    Statements statements = new Statements(catalog, access, accelerators, buffer);
    Ddl ddl = new Ddl(catalog, access, statements, settings.defaultLocation());
    this.grants = new Grants(catalog, access);
    Jobs jobs = new Jobs(settings.clock(), settings.jobRetention(), settings.rowRetention());
    this.queries =
        Executors.newFixedThreadPool(settings.queryThreads(), named("bigquery-stand-in-job"));
    this.requests = Executors.newFixedThreadPool(16, named("bigquery-stand-in-http"));
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    Api api =
        new Api(
            settings,
            json,
            access,
            catalog,
            jobs,
            new Tables(catalog, access, json, baseUrl),
            ddl,
            new InsertAll(
                catalog,
                access,
                writer,
                new InsertIds(settings.insertIdWindow(), settings.clock()),
                buffer,
                settings.maxRowsPerInsert(),
                json),
            new QueryJobs(
                catalog,
                jobs,
                new Steps(statements, ddl, new Alterations(catalog, access, statements), grants),
                accelerators,
                queries,
                settings.defaultLocation(),
                json),
            new LoadJobs(
                catalog,
                access,
                jobs,
                writer,
                settings.storage(),
                queries,
                settings.defaultLocation(),
                json),
            new ResultPages(catalog, access, jobs, json, settings.pageBytes()),
            baseUrl);
    server.createContext("/", api::handle);
    server.setExecutor(requests);
    LoopbackServers.start(server, "bigquery-stand-in-dispatcher");
  }

  /** {@code http://127.0.0.1:PORT}, for {@code BigQueryOptions.Builder#setHost}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The DuckDB file; open it with the DuckDB CLI once the stand-in is closed. */
  public Path file() {
    return database.file();
  }

  /**
   * Reads {@code view} through {@code accelerator} from now on: queries naming the view read the
   * accelerator's relation, brought up to date first. Permissions are checked on the view as ever.
   */
  public void accelerate(TableId view, ViewAccelerator accelerator) {
    String project = view.getProject() == null ? settings.project() : view.getProject();
    accelerators.put(new TableRef(project, view.getDataset(), view.getTable()), accelerator);
  }

  /** Every role GRANT statements granted (and REVOKE did not take back), oldest first. */
  public List<Grant> grants() {
    try {
      return grants.all();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the grants: " + e.getMessage(), e);
    }
  }

  private static ThreadFactory named(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    requests.shutdownNow();
    queries.shutdownNow();
    try {
      writer.close();
      database.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close " + database.file() + ": " + e.getMessage(), e);
    }
  }
}
