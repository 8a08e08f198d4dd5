package com.coachtrack.service.auth;

import java.net.URI;

/** What the provider's discovery document says about where things are. */
public record OidcEndpoints(URI jwksUri, URI authorizationEndpoint, URI tokenEndpoint) {}
