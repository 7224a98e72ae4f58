package dev.ittybatch.local.run;

import dev.ittybatch.local.deploy.Command;
import dev.ittybatch.local.deploy.GcloudLists;
import dev.ittybatch.local.iam.Resources;
import dev.ittybatch.taskhandler.TaskHandlerApplication;
import dev.ittybatch.webhook.WebhookHandlerApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code gcloud run deploy}: the service started in this JVM with exactly the variables and secrets
 * its line sets, as its line's service account, behind Cloud Run's check of who may invoke it. A
 * service URL the record prints as a placeholder ({@code https://task-handler-URL.run.app}, which
 * deploy.sh reads from Cloud Run once the service is deployed) is the started service's.
 */
final class RehearsedServices implements AutoCloseable {

  private static final Pattern SERVICE_URL =
      Pattern.compile("https://([a-z0-9-]+)-URL\\.run\\.app");

  private static final Map<String, Class<?>> APPLICATIONS =
      Map.of(
          "webhook-handler", WebhookHandlerApplication.class,
          "task-handler", TaskHandlerApplication.class);
  private static final Map<String, String> CONFIGS =
      Map.of(
          "webhook-handler", WebhookHandlerApplication.CONFIG,
          "task-handler", TaskHandlerApplication.CONFIG);

  private final Rehearsal rehearsal;
  private final Map<String, String> urls = new LinkedHashMap<>();
  private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();

  RehearsedServices(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
  }

  void deploy(Command command) {
    String name = command.positionals().get(2);
    Class<?> application = APPLICATIONS.get(name);
    if (application == null) {
      throw new IllegalStateException(command.where() + ": no service " + name + " to deploy");
    }
    String service =
        Resources.runService(
            command.requiredFlag("--project"), command.requiredFlag("--region"), name);
    // A new revision replaces the old one behind the same URL.
    ConfigurableApplicationContext before = running.remove(name);
    int port = before == null ? 0 : ServiceLauncher.port(before);
    Map<String, String> environment = environment(command);
    if (before != null) {
      before.close();
    }
    ConfigurableApplicationContext started =
        rehearsal.launcher.start(
            application,
            CONFIGS.get(name),
            environment,
            Map.of("rehearsalFrontDoor", new FrontDoor(rehearsal.calls, service)),
            port);
    running.put(name, started);
    urls.put(name, "http://127.0.0.1:" + ServiceLauncher.port(started));
    int threads = protocol(started).getMaxThreads();
    int concurrency = Integer.parseInt(command.flag("--concurrency").orElse("80"));
    if (concurrency > threads) {
      throw new IllegalStateException(
          command.where()
              + ": --concurrency="
              + concurrency
              + " lets Cloud Run send "
              + concurrency
              + " requests at once to one instance of "
              + name
              + ", which serves "
              + threads
              + " at a time (its request threads); the rest wait in its connector");
    }
  }

  /**
   * A deploy line's environment: its {@code --set-env-vars}, its {@code --set-secrets} read as its
   * {@code --service-account}, the stand-ins' endpoints naming that account, and Ittybit's (the
   * simulator's) base URL.
   */
  Map<String, String> environment(Command command) {
    String account = command.requiredFlag("--service-account");
    Map<String, String> environment = new LinkedHashMap<>();
    GcloudLists.splitDict(command.flag("--set-env-vars").orElse(""))
        .forEach((name, value) -> environment.put(name, resolve(command.where(), value)));
    GcloudLists.splitDict(command.flag("--set-secrets").orElse(""))
        .forEach(
            (name, reference) ->
                environment.put(name, rehearsal.secrets.read(command.where(), account, reference)));
    environment.putAll(rehearsal.cloud.endpoints(account));
    environment.put("ITTYBIT_BASE_URL", rehearsal.ittybit.baseUrl());
    return environment;
  }

  /** A value with each service URL placeholder replaced by the deployed service's URL. */
  String resolve(String where, String value) {
    Matcher placeholder = SERVICE_URL.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (placeholder.find()) {
      String url = urls.get(placeholder.group(1));
      if (url == null) {
        throw new IllegalStateException(
            where + ": " + placeholder.group(1) + " is not deployed yet, and has no URL");
      }
      placeholder.appendReplacement(resolved, Matcher.quoteReplacement(url));
    }
    placeholder.appendTail(resolved);
    return resolved.toString();
  }

  private static AbstractProtocol<?> protocol(ConfigurableApplicationContext service) {
    TomcatWebServer server =
        (TomcatWebServer) ((WebServerApplicationContext) service).getWebServer();
    return (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
  }

  @Override
  public void close() {
    List<ConfigurableApplicationContext> started = new ArrayList<>(running.values());
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    running.clear();
  }
}
