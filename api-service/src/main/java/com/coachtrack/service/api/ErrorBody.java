package com.coachtrack.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every 4xx/5xx body: a stable code for programs and a sentence for people; a quota refusal adds
 * the quota's figures.
 */
public record ErrorBody(
    String error, String message, @JsonInclude(JsonInclude.Include.NON_NULL) QuotaView quota) {

  public ErrorBody(String error, String message) {
    this(error, message, null);
  }
}
