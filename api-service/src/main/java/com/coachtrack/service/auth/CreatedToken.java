package com.coachtrack.service.auth;

import com.coachtrack.store.AccessTokenRow;

/** A personal access token just made, with its secret: the only time the secret exists. */
public record CreatedToken(AccessTokenRow row, String token) {}
