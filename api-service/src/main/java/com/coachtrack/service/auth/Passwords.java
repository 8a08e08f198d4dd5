package com.coachtrack.service.auth;

import com.coachtrack.service.errors.ApiException;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Password rules and hashes: at least {@value #MIN_LENGTH} characters and not one of the 10,000
 * most common passwords (nor one of them with digits or symbols added, nor repeated); hashed with
 * Argon2id at OWASP's recommended cost (19 MiB, 2 passes).
 */
public final class Passwords {
  public static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 200;
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

  private final Set<String> common;

  /** A hash of nothing anyone knows: checked against when the account does not exist. */
  private final String decoy;

  public Passwords() {
    this.common = load("/auth/common-passwords.txt");
    this.decoy = hash(Secrets.random());
  }

  /**
   * @throws ApiException 400 {@code weak_password} saying what to change
   */
  public void requireStrong(String password, String... personal) {
    if (password == null || password.length() < MIN_LENGTH) {
      throw weak("Use at least " + MIN_LENGTH + " characters.");
    }
    if (password.length() > MAX_LENGTH) {
      throw weak("Use at most " + MAX_LENGTH + " characters.");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    for (String part : personal) {
      // Each word of a name or an email address that is long enough to mean something.
      for (String word : (part == null ? "" : part).toLowerCase(Locale.ROOT).split("[@\\s.+_-]+")) {
        if (word.length() >= 4 && lower.contains(word)) {
          throw weak("Do not use your name or email address in it.");
        }
      }
    }
    if (isCommon(lower)) {
      throw weak("It is one of the most common passwords, which attackers try first.");
    }
  }

  /** Common: on the list, or a listed word with digits or symbols around it, or one repeated. */
  boolean isCommon(String lower) {
    String core = lower.replaceAll("^[^a-z]+|[^a-z]+$", "");
    if (common.contains(lower) || (!core.isEmpty() && common.contains(core))) {
      return true;
    }
    if (lower.chars().distinct().count() <= 2) {
      return true;
    }
    for (int length = 1; length <= lower.length() / 2; length++) {
      if (lower.length() % length == 0
          && lower.substring(0, length).repeat(lower.length() / length).equals(lower)) {
        return true;
      }
    }
    return "01234567890123456789".contains(lower) || "abcdefghijklmnopqrstuvwxyz".contains(lower);
  }

  public String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  /** Checks against the stored hash; with none, spends the same time and answers false. */
  public boolean matches(String password, String storedHash) {
    String hash = storedHash == null ? decoy : storedHash;
    boolean ok =
        password != null
            && Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    return ok && storedHash != null;
  }

  private static ApiException weak(String why) {
    return new ApiException(400, "weak_password", "Choose a stronger password. " + why);
  }

  private static Set<String> load(String resource) {
    Set<String> words = new HashSet<>();
    try (InputStream in = Passwords.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          words.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }
}
