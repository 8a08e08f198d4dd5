package com.coachtrack.service.auth;

import java.security.Principal;

/**
 * Who a request comes from, once a credential proved it.
 *
 * @param id what sessions record as their coach ({@code coach_id})
 * @param email null when the identity provider or proxy gives none
 * @param operator may see and act on every coach's sessions
 * @param via how the request proved it, which decides whether it needs a CSRF token
 */
public record Coach(String id, String name, String email, boolean operator, Via via)
    implements Principal {

  /** How a request proved who it is. */
  public enum Via {
    /** The {@code ct_session} cookie of a signed-in browser: state-changing requests need CSRF. */
    SESSION,
    /** A personal access token ({@code Authorization: Bearer ct_...}). */
    TOKEN,
    /** A JWT from the OIDC provider ({@code Authorization: Bearer eyJ...}). */
    JWT,
    /** {@code X-Coach-Id} from a trusted authenticating proxy. */
    PROXY;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The role name {@code @RolesAllowed} checks. */
  public static final String OPERATOR = "operator";

  @Override
  public String getName() {
    return id;
  }

  /** The name history rows record for who did something. */
  public String actor() {
    return email != null ? email : id;
  }
}
