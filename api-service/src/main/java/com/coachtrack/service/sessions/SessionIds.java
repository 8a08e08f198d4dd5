package com.coachtrack.service.sessions;

import com.coachtrack.service.errors.ApiException;
import java.util.UUID;

/**
 * Session ids from URLs: anything but a canonical UUID is refused before it reaches SQL or a path.
 */
public final class SessionIds {
  private SessionIds() {}

  public static UUID parse(String id) {
    try {
      UUID parsed = UUID.fromString(id);
      if (parsed.toString().equalsIgnoreCase(id)) {
        return parsed;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // refused below
    }
    throw new ApiException(
        400,
        "invalid_session_id",
        "That is not a session id. Session ids look like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.");
  }
}
