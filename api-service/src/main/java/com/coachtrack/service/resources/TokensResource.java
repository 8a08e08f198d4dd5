package com.coachtrack.service.resources;

import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.api.TokenList;
import com.coachtrack.service.api.TokenRequest;
import com.coachtrack.service.api.TokenView;
import com.coachtrack.service.auth.AccessTokens;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.auth.CoachAuthenticator;
import com.coachtrack.service.auth.CreatedToken;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.sessions.SessionIds;
import com.coachtrack.store.AccessTokenRow;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The signed-in coach's personal access tokens, for the CLI and scripts. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {
  static final int MAX_NAME = 100;
  static final int MAX_TOKENS = 50;

  private final AccessTokens tokens;
  private final CoachAuthenticator authenticator;

  public TokensResource(AccessTokens tokens, CoachAuthenticator authenticator) {
    this.tokens = tokens;
    this.authenticator = authenticator;
  }

  /** A new token; its secret is in this answer and nowhere else, ever. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed(name = "create-token")
  @RateLimited(Budget.WRITE)
  public Response create(@Parameter(hidden = true) @Auth Coach coach, TokenRequest body) {
    String name = body == null || body.name() == null ? "" : body.name().strip();
    if (name.isEmpty()
        || name.length() > MAX_NAME
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new ApiException(
          400,
          "invalid_token_name",
          "Name the token (up to " + MAX_NAME + " characters), e.g. \"laptop CLI\".");
    }
    if (tokens.list(coach.id()).size() >= MAX_TOKENS) {
      throw new ApiException(
          409,
          "too_many_tokens",
          "You have " + MAX_TOKENS + " tokens already. Revoke ones you no longer use first.");
    }
    CreatedToken created = tokens.create(coach, name);
    AccessTokenRow row = created.row();
    return Response.status(201)
        .entity(
            new TokenView(row.id().toString(), row.name(), created.token(), row.createdAt(), null))
        .build();
  }

  @GET
  @Timed(name = "list-tokens")
  @RateLimited(Budget.READ)
  public TokenList list(@Parameter(hidden = true) @Auth Coach coach) {
    return new TokenList(
        tokens.list(coach.id()).stream()
            .map(
                row ->
                    new TokenView(
                        row.id().toString(), row.name(), null, row.createdAt(), row.lastUsedAt()))
            .toList());
  }

  /** Revokes a token at once: the next request with it is 401. */
  @DELETE
  @Path("{id}")
  @Timed(name = "revoke-token")
  @RateLimited(Budget.WRITE)
  public Response revoke(@Parameter(hidden = true) @Auth Coach coach, @PathParam("id") String id) {
    String hash =
        tokens
            .revoke(coach.id(), SessionIds.parse(id))
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "token_not_found",
                        "You have no token with that id; it may be revoked already."));
    authenticator.forget("bearer:" + hash);
    return Response.noContent().build();
  }
}
