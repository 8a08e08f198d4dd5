package com.coachtrack.service.access;

import com.coachtrack.service.errors.ApiException;
import java.util.regex.Pattern;

/**
 * Who is calling. Until real authentication exists the coach is named by the X-Coach-Id header;
 * this is the one seam to replace with a verified identity.
 */
public final class CoachIdentity {
  public static final String HEADER = "X-Coach-Id";
  private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N} ._@+-]{1,128}");

  private CoachIdentity() {}

  public static String require(String header) {
    if (header == null || header.isBlank()) {
      throw new ApiException(
          401, "missing_coach_id", "Say who you are: send your coach id in the X-Coach-Id header.");
    }
    String coach = header.strip();
    if (!VALID.matcher(coach).matches()) {
      throw new ApiException(
          400,
          "invalid_coach_id",
          "The X-Coach-Id header may hold up to 128 letters, digits, spaces and . _ @ + - only.");
    }
    return coach;
  }
}
