package com.coachtrack.service.resources;

import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.api.AuthConfigView;
import com.coachtrack.service.api.CoachView;
import com.coachtrack.service.api.LoginRequest;
import com.coachtrack.service.api.PasswordChangeRequest;
import com.coachtrack.service.api.PasswordLinkRequest;
import com.coachtrack.service.api.SignUpRequest;
import com.coachtrack.service.auth.Accounts;
import com.coachtrack.service.auth.BrowserSessions;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.auth.CoachAuthenticator;
import com.coachtrack.service.auth.CredentialReader;
import com.coachtrack.service.auth.OidcLogin;
import com.coachtrack.service.auth.SessionCookies;
import com.coachtrack.service.auth.SessionCredential;
import com.coachtrack.service.auth.TrustedProxies;
import com.coachtrack.service.config.AuthSettings;
import com.coachtrack.service.errors.ApiException;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Signing in and out, the signed-in coach, and passwords (built-in accounts, AUTH_MODE=local). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
  private final AuthSettings settings;
  private final Accounts accounts;
  private final BrowserSessions sessions;
  private final SessionCookies cookies;
  private final CoachAuthenticator authenticator;
  private final TrustedProxies proxies;
  private final OidcLogin oidc;

  public AuthResource(
      AuthSettings settings,
      Accounts accounts,
      BrowserSessions sessions,
      SessionCookies cookies,
      CoachAuthenticator authenticator,
      TrustedProxies proxies,
      OidcLogin oidc) {
    this.settings = settings;
    this.accounts = accounts;
    this.sessions = sessions;
    this.cookies = cookies;
    this.authenticator = authenticator;
    this.proxies = proxies;
    this.oidc = oidc;
  }

  /** What the sign-in screen should offer; answered to anyone. */
  @GET
  @Path("auth/config")
  public AuthConfigView config() {
    return new AuthConfigView(
        settings.getMode(),
        settings.getSignup(),
        "oidc".equals(settings.getMode()) ? OidcLogin.LOGIN_PATH : null);
  }

  @POST
  @Path("auth/signup")
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed(name = "signup")
  @RateLimited(Budget.SIGN_IN)
  public Response signUp(SignUpRequest body, @Context HttpServletRequest request) {
    requireLocal();
    if (!settings.signupOpen()) {
      throw new ApiException(
          403,
          "signup_closed",
          "New accounts are created by an operator here. Ask yours for an invitation link.");
    }
    SignUpRequest form = required(body);
    Coach coach = accounts.signUp(form.email(), form.name(), form.password());
    return signedIn(201, coach, request);
  }

  @POST
  @Path("auth/login")
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed(name = "login")
  @RateLimited(Budget.SIGN_IN)
  public Response logIn(LoginRequest body, @Context HttpServletRequest request) {
    requireLocal();
    LoginRequest form = required(body);
    Coach coach = accounts.logIn(form.email(), form.password(), proxies.clientAddress(request));
    return signedIn(200, coach, request);
  }

  /** Sets a password through an operator's one-time link, and signs in. */
  @POST
  @Path("auth/password")
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed(name = "set-password")
  @RateLimited(Budget.SIGN_IN)
  public Response setPassword(PasswordLinkRequest body, @Context HttpServletRequest request) {
    requireLocal();
    PasswordLinkRequest form = required(body);
    Coach coach = accounts.setPasswordWithLink(form.token(), form.password());
    sessions.revokeAll(coach.id()).forEach(hash -> authenticator.forget("session:" + hash));
    return signedIn(200, coach, request);
  }

  @POST
  @Path("auth/logout")
  @Timed(name = "logout")
  @RateLimited(Budget.WRITE)
  public Response logOut(
      @Parameter(hidden = true) @Auth Coach coach, @Context HttpServletRequest request) {
    String session = CredentialReader.cookie(request, CredentialReader.SESSION_COOKIE);
    if (session != null && coach.via() == Coach.Via.SESSION) {
      SessionCredential credential = new SessionCredential(session);
      sessions.revoke(credential.idHash());
      authenticator.forget(credential.cacheKey());
    }
    return Response.noContent().cookie(cookies.signedOut(request)).build();
  }

  @GET
  @Path("me")
  @Timed(name = "me")
  @RateLimited(Budget.READ)
  public CoachView me(@Parameter(hidden = true) @Auth Coach coach) {
    return view(coach);
  }

  /** Changes the password; every other browser is signed out, this one gets a fresh session. */
  @POST
  @Path("me/password")
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed(name = "change-password")
  @RateLimited(Budget.WRITE)
  public Response changePassword(
      @Parameter(hidden = true) @Auth Coach coach,
      PasswordChangeRequest body,
      @Context HttpServletRequest request) {
    requireLocal();
    PasswordChangeRequest form = required(body);
    accounts.changePassword(
        coach, form.currentPassword(), form.newPassword(), proxies.clientAddress(request));
    sessions.revokeAll(coach.id()).forEach(hash -> authenticator.forget("session:" + hash));
    return signedIn(204, coach, request);
  }

  /** Starts the provider's sign-in (authorization code with PKCE). */
  @GET
  @Path("auth/oidc/login")
  @Produces(MediaType.WILDCARD)
  @RateLimited(Budget.SIGN_IN)
  public Response oidcLogin(
      @QueryParam("return_to") String returnTo, @Context HttpServletRequest request) {
    return oidc.start(returnTo, request);
  }

  /** Where the provider sends the browser back with a code. */
  @GET
  @Path("auth/oidc/callback")
  @Produces(MediaType.WILDCARD)
  @RateLimited(Budget.SIGN_IN)
  public Response oidcCallback(
      @QueryParam("code") String code,
      @QueryParam("state") String state,
      @QueryParam("error") String error,
      @Context HttpServletRequest request) {
    try {
      return oidc.finish(code, state, error, request);
    } catch (ApiException e) {
      String accept = request.getHeader("Accept");
      if (accept == null || !accept.contains("text/html")) {
        throw e;
      }
      // A browser lands here from the provider: it gets the sign-in page with the reason, not JSON.
      // Only the code travels, so no one can put words of their own on our page through a link.
      return Response.seeOther(URI.create("/?sign_in_error=" + e.code())).build();
    }
  }

  /** Signs this browser in: a new session and its cookies, with the coach as the body. */
  private Response signedIn(int status, Coach coach, HttpServletRequest request) {
    String session = sessions.create(coach);
    Response.ResponseBuilder response =
        Response.status(status).cookie(cookies.signedIn(session, sessions.maxAge(), request));
    return status == 204 ? response.build() : response.entity(view(coach)).build();
  }

  private void requireLocal() {
    if (!"local".equals(settings.getMode())) {
      throw new ApiException(
          404,
          "not_local_accounts",
          "This installation signs coaches in through "
              + ("oidc".equals(settings.getMode()) ? "its identity provider" : "its proxy")
              + "; there are no passwords here.");
    }
  }

  private static <T> T required(T body) {
    if (body == null) {
      throw new ApiException(400, "missing_body", "Send the fields as a JSON object.");
    }
    return body;
  }

  static CoachView view(Coach coach) {
    return new CoachView(
        coach.id(),
        coach.email(),
        coach.name(),
        coach.operator() ? Coach.OPERATOR : "coach",
        coach.via().wireName());
  }
}
