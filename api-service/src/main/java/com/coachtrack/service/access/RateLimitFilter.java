package com.coachtrack.service.access;

import com.coachtrack.service.auth.TrustedProxies;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.security.Principal;

/**
 * Charges each {@link RateLimited} route's budget to the signed-in coach, or to the client's
 * address when no one is (sign-in routes); runs after authentication. Registered once for the whole
 * application, so Jersey injects the request it is working on.
 */
@Priority(Priorities.AUTHORIZATION + 10)
public final class RateLimitFilter implements ContainerRequestFilter {
  private final RateLimits limits;
  private final TrustedProxies proxies;
  @Context private ResourceInfo resource;
  @Context private HttpServletRequest request;

  public RateLimitFilter(RateLimits limits, TrustedProxies proxies) {
    this.limits = limits;
    this.proxies = proxies;
  }

  @Override
  public void filter(ContainerRequestContext context) {
    RateLimited limited =
        resource.getResourceMethod() == null
            ? null
            : resource.getResourceMethod().getAnnotation(RateLimited.class);
    if (limited == null) {
      return;
    }
    Principal who = context.getSecurityContext().getUserPrincipal();
    String caller =
        who == null || limited.value() == Budget.SIGN_IN
            ? "address:" + proxies.clientAddress(request)
            : "coach:" + who.getName();
    limits.acquire(limited.value(), caller);
  }
}
