package com.coachtrack.service.auth;

import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;

/**
 * Dropwizard's authentication filter for every {@code @Auth} route: reads the credential, lets
 * {@link CoachAuthenticator} decide, sets the principal (and the {@code operator} role for
 * {@code @RolesAllowed}), and checks CSRF for cookie-authenticated changes.
 */
@Priority(Priorities.AUTHENTICATION)
public final class CoachAuthFilter extends AuthFilter<Credential, Coach> {
  private final Authentication authentication;
  @Context private HttpServletRequest request;

  private CoachAuthFilter(Authentication authentication) {
    this.authentication = authentication;
  }

  public static CoachAuthFilter of(Authentication authentication) {
    CoachAuthFilter filter = new CoachAuthFilter(authentication);
    filter.authenticator = authentication.authenticator();
    filter.authorizer = (coach, role, context) -> Coach.OPERATOR.equals(role) && coach.operator();
    filter.prefix = "Bearer";
    filter.realm = "coachtrack";
    filter.unauthorizedHandler =
        new UnauthorizedHandler() {
          @Override
          public RuntimeException buildException(String prefix, String realm) {
            return Authentication.unauthenticated();
          }
        };
    return filter;
  }

  @Override
  public void filter(ContainerRequestContext context) {
    Credential credential =
        authentication.credential(request).orElseThrow(Authentication::unauthenticated);
    if (!authenticate(context, credential, "Bearer")) {
      throw Authentication.unauthenticated();
    }
    Authentication.requireCsrf((Coach) context.getSecurityContext().getUserPrincipal(), request);
  }
}
