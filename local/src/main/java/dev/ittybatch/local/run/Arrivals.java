package dev.ittybatch.local.run;

import dev.ittybatch.local.cloudtasks.Timeline;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Records when each task request reaches the task handler. The emulator counts its own dispatches;
 * this counts what arrived, so a rate check does not rest on the limiter checking itself.
 */
final class Arrivals implements Filter {

  private final Timeline timeline = new Timeline();

  Timeline timeline() {
    return timeline;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && "POST".equals(http.getMethod())
        && "/".equals(http.getRequestURI())) {
      timeline.record(System.nanoTime());
    }
    chain.doFilter(request, response);
  }
}
