package com.coachtrack.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;

/**
 * What durable commits cost the embedded PostgreSQL: the transactions an upload and a worker's
 * progress report make, timed with fsync and synchronous commit on (the app's default now) and off
 * (zonky's test defaults, the app's default before). Prints p50 / p99 per transaction and a last
 * {@code RESULT} line. Run by bench/fsync-cost.
 */
public final class FsyncCost {
  private FsyncCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    double[] on = measure(true, rounds);
    double[] off = measure(false, rounds);
    System.out.printf(
        "upload transaction (session row + history row):  durable p50 %.2f ms p99 %.2f ms |"
            + " fsync off p50 %.2f ms p99 %.2f ms%n",
        on[0], on[1], off[0], off[1]);
    System.out.printf(
        "progress report (chunk position + session re-sum): durable p50 %.2f ms p99 %.2f ms |"
            + " fsync off p50 %.2f ms p99 %.2f ms%n",
        on[2], on[3], off[2], off[3]);
    System.out.printf(
        "RESULT upload_durable_p50_ms=%.2f upload_off_p50_ms=%.2f report_durable_p50_ms=%.2f"
            + " report_off_p50_ms=%.2f rounds=%d%n",
        on[0], off[0], on[2], off[2], rounds);
  }

  /** p50 and p99 of the upload transaction, then of the report transaction, in milliseconds. */
  private static double[] measure(boolean durable, int rounds) throws Exception {
    Path dir = Files.createTempDirectory("fsync-cost-");
    String mode = durable ? "on" : "off";
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setServerConfig("fsync", mode)
                .setServerConfig("synchronous_commit", mode)
                .start();
        Connection connection = postgres.getPostgresDatabase().getConnection()) {
      try (Statement schema = connection.createStatement()) {
        schema.execute(
            "CREATE TABLE session (id uuid PRIMARY KEY, coach text, title text, status text,"
                + " processed double precision, updated_at timestamptz)");
        schema.execute(
            "CREATE TABLE history (id bigserial PRIMARY KEY, session_id uuid, status text,"
                + " message text, at timestamptz)");
        schema.execute(
            "CREATE TABLE chunk (session_id uuid, idx int, processed double precision,"
                + " PRIMARY KEY (session_id, idx))");
      }
      connection.setAutoCommit(false);
      double[] upload = new double[rounds];
      double[] report = new double[rounds];
      try (PreparedStatement session =
              connection.prepareStatement(
                  "INSERT INTO session VALUES (?, 'coach', 'title', 'pending', 0, now())");
          PreparedStatement history =
              connection.prepareStatement(
                  "INSERT INTO history (session_id, status, message, at)"
                      + " VALUES (?, 'pending', 'queued', now())");
          PreparedStatement chunk =
              connection.prepareStatement(
                  "INSERT INTO chunk VALUES (?, 0, ?)"
                      + " ON CONFLICT (session_id, idx) DO UPDATE SET processed = EXCLUDED.processed");
          PreparedStatement resum =
              connection.prepareStatement(
                  "UPDATE session SET processed = (SELECT sum(processed) FROM chunk"
                      + " WHERE session_id = ?), updated_at = now() WHERE id = ?")) {
        for (int i = 0; i < rounds; i++) {
          UUID id = UUID.randomUUID();
          long started = System.nanoTime();
          session.setObject(1, id);
          session.executeUpdate();
          history.setObject(1, id);
          history.executeUpdate();
          connection.commit();
          upload[i] = (System.nanoTime() - started) / 1e6;
          started = System.nanoTime();
          chunk.setObject(1, id);
          chunk.setDouble(2, i);
          chunk.executeUpdate();
          resum.setObject(1, id);
          resum.setObject(2, id);
          resum.executeUpdate();
          connection.commit();
          report[i] = (System.nanoTime() - started) / 1e6;
        }
      }
      return new double[] {
        percentile(upload, 50),
        percentile(upload, 99),
        percentile(report, 50),
        percentile(report, 99)
      };
    }
  }

  private static double percentile(double[] values, int percent) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[
        Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
  }
}
