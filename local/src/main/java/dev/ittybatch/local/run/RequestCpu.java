package dev.ittybatch.local.run;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU time each service's requests take on their request thread, by method and path: what a
 * thread profile cannot tell apart when one Tomcat pool serves several endpoints. It includes the
 * calls a request makes on its own thread (the task handler's call to Ittybit, its row to the
 * store), not Tomcat's reading of the request before the filter. Reading the thread's clock costs
 * about a microsecond: {@code bench/pipeline.sh} prints it.
 */
public final class RequestCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final String BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  /** Requests seen and their CPU time, in nanoseconds. */
  public record Cost(long requests, long cpuNanos) {}

  private final Map<String, LongAdder[]> costs = new ConcurrentHashMap<>();

  /** A filter that charges each request of {@code service} to its method and path. */
  Filter filter(String service) {
    return (ServletRequest request, ServletResponse response, FilterChain chain) ->
        charge(service, request, response, chain);
  }

  private void charge(
      String service, ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = THREADS.getCurrentThreadCpuTime();
    try {
      chain.doFilter(request, response);
    } finally {
      long spent = THREADS.getCurrentThreadCpuTime() - start;
      // The mapping's pattern, not the path: /internal/query/{name} is one route, whatever name.
      Object pattern = request.getAttribute(BEST_MATCHING_PATTERN);
      String method = request instanceof HttpServletRequest http ? http.getMethod() : "?";
      String route = method + " " + (pattern == null ? "(no route)" : pattern);
      LongAdder[] cost =
          costs.computeIfAbsent(
              service + " " + route, key -> new LongAdder[] {new LongAdder(), new LongAdder()});
      cost[0].increment();
      cost[1].add(spent);
    }
  }

  /** Each service's routes with what they cost so far, by name. */
  public Map<String, Cost> costs() {
    Map<String, Cost> copy = new TreeMap<>();
    costs.forEach((route, cost) -> copy.put(route, new Cost(cost[0].sum(), cost[1].sum())));
    return copy;
  }
}
