package com.coachtrack.service.api;

/** Every 4xx/5xx body: a stable code for programs and a sentence for people. */
public record ErrorBody(String error, String message) {}
