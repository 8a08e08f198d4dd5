package com.coachtrack.service.sessions;

import com.coachtrack.service.errors.ApiException;
import com.coachtrack.store.SessionRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Where the next page of a coach's sessions starts: opaque to clients, stable under inserts. */
public record ListCursor(Instant createdAt, UUID id) {

  public static ListCursor of(SessionRow row) {
    return new ListCursor(row.createdAt(), row.id());
  }

  public String encode() {
    String raw = createdAt.toString() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return null for no cursor
   */
  public static ListCursor parse(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new ListCursor(
          Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw new ApiException(
          400,
          "invalid_cursor",
          "That cursor is not valid. Use next_cursor from the previous page.");
    }
  }
}
