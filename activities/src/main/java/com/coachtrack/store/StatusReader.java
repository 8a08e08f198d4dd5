package com.coachtrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The status read, the one query every poll can cost, in plain JDBC on a pool of its own. Through a
 * Jdbi SqlObject the same indexed lookup cost about a millisecond of CPU (a handle and
 * configuration copy per call, the row mapper re-specialised by reflection on every result set);
 * here it is one prepared statement that the driver keeps prepared on the server. The separate pool
 * is a bulkhead: however many browsers poll, the workers' progress writes and the API's commands
 * still get connections.
 */
public final class StatusReader {
  private static final String FIND_FOR_COACH =
      "SELECT "
          + SessionQueries.STATUS_COLUMNS
          + " FROM transcription_session s WHERE s.id = ? AND s.coach_id = ?";

  private final DataSource dataSource;

  public StatusReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The session with what a pending one needs to tell its place in the queue; empty if not this
   * coach's.
   */
  public Optional<StatusRow> findForCoach(UUID id, String coachId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(FIND_FOR_COACH)) {
      statement.setObject(1, id);
      statement.setString(2, coachId);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(map(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the status of session " + id, e);
    }
  }

  private static StatusRow map(ResultSet row) throws SQLException {
    SessionRow session =
        new SessionRow(
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
            nullableInt(row, "word_count"));
    return new StatusRow(session, row.getInt("queue_ahead"), row.getDouble("audio_ahead"));
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
