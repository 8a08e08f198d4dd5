package com.coachtrack.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The signed-in coach. {@code role} is {@code coach} or {@code operator}; {@code auth} says how
 * this request proved it: {@code session}, {@code token}, {@code jwt} or {@code proxy}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CoachView(String coachId, String email, String name, String role, String auth) {}
