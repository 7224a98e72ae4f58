package dev.ittybatch.local.run;

import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Identities;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Cloud Run's own check in front of a service: a request is served only when its caller may invoke
 * the service ({@code run.routes.invoke},
 * https://cloud.google.com/run/docs/securing/managing-access). The caller is the service account a
 * Google token names (Cloud Tasks' OIDC token names the queue's invoker); a request with no Google
 * token (Ittybit's deliveries, whose token is the webhook's own) is unauthenticated, served only by
 * a service that {@code allUsers} may invoke. A refusal is answered 403, as Cloud Run answers it,
 * and never reaches the service.
 */
final class FrontDoor implements Filter {

  /** The caller of a request without a Google token. */
  static final String UNAUTHENTICATED = "unauthenticated";

  static final String INVOKE = "run.routes.invoke";

  private final CallLog calls;
  private final String service;

  /**
   * @param service the Cloud Run service's full name, {@code projects/P/locations/L/services/S}
   */
  FrontDoor(CallLog calls, String service) {
    this.calls = calls;
    this.service = service;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String named =
        Identities.fromAuthorization(((HttpServletRequest) request).getHeader("Authorization"));
    String caller = named.endsWith(".gserviceaccount.com") ? named : UNAUTHENTICATED;
    if (!calls.check(caller, "POST " + service, INVOKE, service)) {
      ((HttpServletResponse) response)
          .sendError(403, "Your client does not have permission to get URL from this server.");
      return;
    }
    chain.doFilter(request, response);
  }
}
