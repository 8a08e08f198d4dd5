package com.coachtrack.service.quotas;

import java.time.LocalDate;

/**
 * An upload's audio, counted against the coach's month before its session is created; given back
 * with {@link Quotas#release} when the session is not created after all.
 */
public record Reservation(String coachId, LocalDate month, double audioSeconds) {}
