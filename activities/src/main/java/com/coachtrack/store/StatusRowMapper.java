package com.coachtrack.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A session row with its queue figures ({@link SessionQueries#STATUS_COLUMNS}). */
public final class StatusRowMapper implements RowMapper<StatusRow> {

  @Override
  public StatusRow map(ResultSet row, StatementContext context) throws SQLException {
    return map(row);
  }

  static StatusRow map(ResultSet row) throws SQLException {
    return new StatusRow(
        SessionRowMapper.map(row),
        row.getInt("queue_ahead"),
        row.getDouble("audio_ahead"),
        row.getBoolean("chunk_in_flight"));
  }
}
