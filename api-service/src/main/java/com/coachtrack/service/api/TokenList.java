package com.coachtrack.service.api;

import java.util.List;

/** The signed-in coach's tokens that are not revoked, newest first, without their secrets. */
public record TokenList(List<TokenView> tokens) {}
