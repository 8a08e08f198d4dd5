package com.coachtrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
          + " FROM transcription_session s WHERE s.id = ? AND (s.coach_id = ? OR ?)";

  private final DataSource dataSource;

  public StatusReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The session with what a pending one needs to tell its place in the queue; empty if not this
   * coach's.
   */
  public Optional<StatusRow> findForCoach(UUID id, String coachId) {
    return find(id, coachId, false);
  }

  /**
   * @param anyCoach an operator's read: the session whoever it belongs to
   */
  public Optional<StatusRow> find(UUID id, String coachId, boolean anyCoach) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(FIND_FOR_COACH)) {
      statement.setObject(1, id);
      statement.setString(2, coachId);
      statement.setBoolean(3, anyCoach);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(StatusRowMapper.map(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the status of session " + id, e);
    }
  }
}
