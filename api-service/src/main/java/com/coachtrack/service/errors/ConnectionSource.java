package com.coachtrack.service.errors;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a database connection. */
@FunctionalInterface
public interface ConnectionSource {
  Connection open() throws SQLException;
}
