package com.coachtrack.service.auth;

import com.coachtrack.service.access.LoginThrottle;
import com.coachtrack.service.config.AuthSettings;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.store.CoachDao;
import com.coachtrack.store.CoachRow;
import com.coachtrack.store.PasswordLinkDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** Built-in accounts (AUTH_MODE=local): creating them, checking passwords, changing them. */
public final class Accounts {
  static final Duration LINK_VALID_FOR = Duration.ofDays(7);
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final int MAX_EMAIL = 320;
  private static final int MAX_NAME = 200;

  private final Jdbi jdbi;
  private final Clock clock;
  private final Passwords passwords;
  private final LoginThrottle throttle;
  private final AuthSettings settings;

  public Accounts(
      Jdbi jdbi, Clock clock, Passwords passwords, LoginThrottle throttle, AuthSettings settings) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.passwords = passwords;
    this.throttle = throttle;
    this.settings = settings;
  }

  /**
   * Creates an account with a password.
   *
   * @throws ApiException 400 for a bad email, name or weak password; 409 when the email is taken
   */
  public Coach signUp(String email, String name, String password) {
    String address = email(email);
    String display = name(name);
    passwords.requireStrong(password, address, address.substring(0, address.indexOf('@')), display);
    String id = UUID.randomUUID().toString();
    boolean created =
        jdbi.withExtension(
            CoachDao.class,
            dao -> dao.insert(id, address, display, passwords.hash(password), clock.instant()));
    if (!created) {
      throw new ApiException(
          409,
          "email_taken",
          "An account with this email already exists. Sign in instead, or ask an operator to reset"
              + " its password.");
    }
    return coach(new CoachRow(id, address, display, null, clock.instant(), null));
  }

  /**
   * Checks an email and password, throttling failures per account and per client address.
   *
   * @throws ApiException 401 {@code invalid_credentials} (the same whether or not the account
   *     exists), 429 {@code too_many_attempts}
   */
  public Coach logIn(String email, String password, String clientAddress) {
    String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    throttle.check(address, clientAddress);
    Optional<CoachRow> row = jdbi.withExtension(CoachDao.class, dao -> dao.findByEmail(address));
    // An unknown email is checked against a decoy hash: the same work, the same answer.
    if (!passwords.matches(password, row.map(CoachRow::passwordHash).orElse(null))) {
      throttle.failed(address, clientAddress);
      throw new ApiException(
          401,
          "invalid_credentials",
          "That email and password do not match an account. Check both and try again.");
    }
    throttle.succeeded(address);
    return coach(row.orElseThrow());
  }

  /**
   * Changes a signed-in coach's password after checking the current one.
   *
   * @throws ApiException 401 when the current password is wrong, 400 for a weak new one
   */
  public void changePassword(
      Coach coach, String current, String replacement, String clientAddress) {
    CoachRow row =
        jdbi.withExtension(CoachDao.class, dao -> dao.findById(coach.id()))
            .orElseThrow(
                () ->
                    new ApiException(
                        409,
                        "no_password",
                        "This account signs in through your organisation; change the password"
                            + " there."));
    throttle.check(row.email(), clientAddress);
    if (!passwords.matches(current, row.passwordHash())) {
      throttle.failed(row.email(), clientAddress);
      throw new ApiException(401, "invalid_credentials", "The current password is not right.");
    }
    setPassword(row, replacement);
  }

  /**
   * Sets the password of the account a one-time link was made for; the link is used up.
   *
   * @throws ApiException 400 {@code invalid_link} when it is unknown, used or expired
   */
  public Coach setPasswordWithLink(String token, String password) {
    String hash = Secrets.sha256(token == null ? "" : token);
    // Checked before using the link up, so a weak password does not cost the coach the link.
    Optional<CoachRow> target =
        jdbi.withExtension(PasswordLinkDao.class, dao -> dao.coachOf(hash, clock.instant()))
            .flatMap(id -> jdbi.withExtension(CoachDao.class, dao -> dao.findById(id)));
    if (target.isPresent()) {
      CoachRow row = target.get();
      passwords.requireStrong(password, row.email(), row.name());
    }
    Optional<String> coachId =
        jdbi.withExtension(PasswordLinkDao.class, dao -> dao.use(hash, clock.instant()));
    CoachRow row =
        coachId
            .flatMap(id -> jdbi.withExtension(CoachDao.class, dao -> dao.findById(id)))
            .orElseThrow(
                () ->
                    new ApiException(
                        400,
                        "invalid_link",
                        "This link has been used or has expired. Ask an operator for a new one."));
    setPassword(row, password);
    return coach(row);
  }

  /**
   * An operator's {@code coach add}: the account without a password, and a one-time link to set
   * one.
   *
   * @return the link's token
   */
  public String add(String email, String name) {
    String address = email(email);
    String display = name(name);
    Instant now = clock.instant();
    String token = Secrets.random();
    jdbi.useTransaction(
        handle -> {
          CoachDao coaches = handle.attach(CoachDao.class);
          coaches.insert(UUID.randomUUID().toString(), address, display, null, now);
          CoachRow row = coaches.findByEmail(address).orElseThrow();
          handle
              .attach(PasswordLinkDao.class)
              .insert(Secrets.sha256(token), row.id(), now, now.plus(LINK_VALID_FOR));
        });
    return token;
  }

  private void setPassword(CoachRow row, String password) {
    passwords.requireStrong(password, row.email(), row.name());
    jdbi.useExtension(
        CoachDao.class,
        dao -> dao.setPassword(row.id(), passwords.hash(password), clock.instant()));
  }

  private Coach coach(CoachRow row) {
    return new Coach(
        row.id(),
        row.name(),
        row.email(),
        settings.isOperatorEmail(row.email()),
        Coach.Via.SESSION);
  }

  private static String email(String email) {
    String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    if (address.length() > MAX_EMAIL || !EMAIL.matcher(address).matches()) {
      throw new ApiException(
          400, "invalid_email", "Enter an email address such as ana@example.com.");
    }
    return address;
  }

  private static String name(String name) {
    String display = name == null ? "" : name.replaceAll("\\p{Cntrl}", " ").strip();
    if (display.isEmpty() || display.length() > MAX_NAME) {
      throw new ApiException(
          400, "invalid_name", "Enter your name (up to " + MAX_NAME + " characters).");
    }
    return display;
  }
}
