package com.coachtrack.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection of its own, outside any pool (one that is held for as long as it lives). */
@FunctionalInterface
public interface ConnectionOpener {
  Connection open() throws SQLException;
}
