package dev.ittybatch.local.run;

import dev.ittybatch.taskhandler.TaskHandlerApplication;
import dev.ittybatch.webhook.WebhookHandlerApplication;
import java.util.Map;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The two services, started in deploy.sh's order with the environment the deploy gives them: the
 * webhook-handler first (the task-handler names its URL), then the task-handler behind the queue.
 * Each is measured by filters that change nothing: the task requests it sees arrive, and the CPU
 * its requests take.
 */
final class LocalServices implements AutoCloseable {

  private final ServiceLauncher launcher;
  private final LocalDeployment deployment;
  private final Arrivals arrivals = new Arrivals();
  private final RequestCpu requestCpu = new RequestCpu();
  private final ConfigurableApplicationContext webhookHandler;
  private ConfigurableApplicationContext taskHandler;
  private Map<String, String> handlerOverrides;

  LocalServices(ServiceLauncher launcher, LocalDeployment deployment, PipelineSettings settings) {
    this.launcher = launcher;
    this.deployment = deployment;
    // An older Ittybit generation takes each job's webhook_url: the deployment says so.
    this.handlerOverrides =
        settings.dialect().callsJobWebhookUrl() ? Map.of("JOB_WEBHOOK_URL", "true") : Map.of();
    webhookHandler =
        launcher.start(
            WebhookHandlerApplication.class,
            WebhookHandlerApplication.CONFIG,
            deployment.webhookHandler(),
            Map.of("localRequestCpu", requestCpu.filter("webhook-handler")),
            0);
    try {
      deployment.serving(
          "WEBHOOK_URL", "http://127.0.0.1:" + ServiceLauncher.port(webhookHandler) + "/webhook");
      taskHandler = startTaskHandler(0);
      deployment.serving(
          "HANDLER_URL", "http://127.0.0.1:" + ServiceLauncher.port(taskHandler) + "/");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts the task-handler as Cloud Run would start an instance of it.
   *
   * @param port 0 for any free port, or the port it had before a restart (the tasks' URL names it)
   */
  private ConfigurableApplicationContext startTaskHandler(int port) {
    return launcher.start(
        TaskHandlerApplication.class,
        TaskHandlerApplication.CONFIG,
        deployment.taskHandler(handlerOverrides),
        Map.of("localArrivals", arrivals, "localRequestCpu", requestCpu.filter("task-handler")),
        port);
  }

  void restartTaskHandler() {
    restartTaskHandler(handlerOverrides);
  }

  void restartTaskHandler(Map<String, String> overrides) {
    handlerOverrides = Map.copyOf(overrides);
    int port = ServiceLauncher.port(taskHandler);
    taskHandler.close();
    taskHandler = startTaskHandler(port);
  }

  Arrivals arrivals() {
    return arrivals;
  }

  RequestCpu requestCpu() {
    return requestCpu;
  }

  Map<String, String> requestThreadPrefixes() {
    return Map.of(
        connectorName(webhookHandler) + "-", "webhook-handler",
        connectorName(taskHandler) + "-", "task-handler");
  }

  Map<String, Integer> requestThreads() {
    return Map.of(
        "webhook-handler", protocol(webhookHandler).getMaxThreads(),
        "task-handler", protocol(taskHandler).getMaxThreads());
  }

  private static AbstractProtocol<?> protocol(ConfigurableApplicationContext service) {
    TomcatWebServer server =
        (TomcatWebServer) ((WebServerApplicationContext) service).getWebServer();
    return (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
  }

  private static String connectorName(ConfigurableApplicationContext service) {
    // The name comes quoted, as a JMX name, and on a free port with the port chosen after the
    // threads were named: "http-nio-127.0.0.1-auto-1-40123" for threads "...-auto-1-exec-7".
    String name = protocol(service).getName();
    return name.replace("\"", "").replaceFirst("(-auto-\\d+)-\\d+$", "$1");
  }

  /** Stops the task-handler, then the webhook-handler. */
  @Override
  public void close() {
    if (taskHandler != null) {
      taskHandler.close();
    }
    webhookHandler.close();
  }
}
