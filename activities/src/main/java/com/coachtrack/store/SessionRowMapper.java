package com.coachtrack.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The one mapping of {@link SessionDao#COLUMNS} to a {@link SessionRow}, for Jdbi and for the plain
 * JDBC status read alike. Written out rather than reflective: it runs on every status poll, where
 * Jdbi's constructor mapper cost a reflective specialisation per result set.
 */
public final class SessionRowMapper implements RowMapper<SessionRow> {

  @Override
  public SessionRow map(ResultSet row, StatementContext context) throws SQLException {
    return map(row);
  }

  static SessionRow map(ResultSet row) throws SQLException {
    return new SessionRow(
        row.getObject("id", UUID.class),
        row.getString("coach_id"),
        row.getString("title"),
        row.getString("original_filename"),
        row.getString("source_key"),
        row.getLong("size_bytes"),
        row.getString("format"),
        row.getString("engine"),
        row.getString("workflow_id"),
        row.getString("status"),
        row.getInt("attempt"),
        row.getDouble("duration_total"),
        row.getDouble("duration_processed"),
        row.getDouble("progress_floor"),
        row.getDouble("active_seconds_before"),
        row.getString("message"),
        row.getString("error_code"),
        row.getString("error_detail"),
        instant(row, "created_at"),
        instant(row, "updated_at"),
        instant(row, "started_at"),
        instant(row, "attempt_started_at"),
        instant(row, "progress_at"),
        instant(row, "worker_seen_at"),
        instant(row, "finished_at"),
        nullableDouble(row, "processing_seconds"),
        nullableInt(row, "word_count"),
        row.getLong("version"),
        row.getInt("chunks_total"),
        row.getInt("chunks_done"));
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    Timestamp value = row.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static Double nullableDouble(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  private static Integer nullableInt(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }
}
