package com.coachtrack.service.auth;

import java.util.regex.Pattern;

/** What a coach id from a proxy or a provider may look like before it is stored with sessions. */
public final class CoachIds {
  private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N} ._@+:|-]{1,128}");

  private CoachIds() {}

  public static boolean isValid(String id) {
    return id != null && !id.isBlank() && VALID.matcher(id.strip()).matches();
  }
}
