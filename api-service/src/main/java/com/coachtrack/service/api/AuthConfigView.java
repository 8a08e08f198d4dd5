package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** How this installation signs coaches in, for the web app's sign-in screen. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuthConfigView(String mode, String signup, String oidcLoginUrl) {}
