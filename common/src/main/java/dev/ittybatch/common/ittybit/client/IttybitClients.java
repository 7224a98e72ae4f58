package dev.ittybatch.common.ittybit.client;

import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * An Ittybit client made only when first needed, for a program whose runs mostly never call
 * Ittybit: the orchestrator's enqueue run never does, so it is not asked for the API key.
 */
public final class IttybitClients {

  private IttybitClients() {}

  /**
   * @param purpose what the run needs the key for, said when it is missing
   */
  public static Supplier<IttybitClient> lazy(
      Environment environment, JsonMapper json, String purpose) {
    return new Supplier<>() {
      private IttybitClient client;

      @Override
      public synchronized IttybitClient get() {
        if (client == null) {
          IttybitProperties properties =
              Binder.get(environment).bindOrCreate("ittybit", IttybitProperties.class);
          if (properties.apiKey() == null || properties.apiKey().isBlank()) {
            throw new IllegalStateException("set ITTYBIT_API_KEY: " + purpose);
          }
          client = IttybitClient.create(properties, json);
        }
        return client;
      }
    };
  }
}
