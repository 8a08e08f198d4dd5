package com.coachtrack.store;

import java.time.Instant;

/** One worker's last report on one engine; {@code problem} is null while it works. */
public record EngineWorkerRow(String workerId, String engine, Instant seenAt, String problem) {}
