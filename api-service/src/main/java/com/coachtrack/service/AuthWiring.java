package com.coachtrack.service;

import com.coachtrack.service.access.RateLimits;
import com.coachtrack.service.auth.AccessTokens;
import com.coachtrack.service.auth.Authentication;
import com.coachtrack.service.auth.CoachAuthenticator;
import com.coachtrack.service.resources.AuthResource;

/** The sign-in pieces {@link TranscriptionApplication} builds once and hands to the API. */
record AuthWiring(
    Authentication authentication,
    CoachAuthenticator authenticator,
    AccessTokens tokens,
    RateLimits limits,
    AuthResource resource) {}
