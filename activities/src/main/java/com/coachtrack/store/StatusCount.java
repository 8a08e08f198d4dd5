package com.coachtrack.store;

/** How many sessions are in one status (a metrics gauge). */
public record StatusCount(String status, long sessions) {}
