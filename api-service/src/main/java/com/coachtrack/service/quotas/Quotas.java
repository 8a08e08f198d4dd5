package com.coachtrack.service.quotas;

import com.coachtrack.service.api.QuotaView;
import com.coachtrack.service.config.QuotaSettings;
import com.coachtrack.store.UsageDao;
import com.codahale.metrics.Meter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-coach quotas: bytes of stored recordings ({@code QUOTA_GB}), which deleting sessions frees,
 * and hours of audio uploaded per calendar month in UTC ({@code QUOTA_AUDIO_HOURS_PER_MONTH}),
 * which only the next month gives back. Unset quotas do not limit, but the month's audio is counted
 * anyway, so a quota turned on mid-month knows what was used.
 *
 * <p>The hours are reserved in one conditional statement, so concurrent uploads cannot both pass
 * the limit. The bytes are summed from the sessions: uploads accepted at the same moment may
 * together pass it by up to one recording each, which is why the check is repeated before every
 * upload.
 */
public final class Quotas {
  private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);
  private static final double GB = 1024.0 * 1024 * 1024;
  private static final double HOUR = 3600.0;

  /** The multipart envelope around the file in a Content-Length: not the coach's bytes. */
  private static final long MULTIPART_SLACK_BYTES = 64 * 1024;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  private final Jdbi jdbi;
  private final Long maxBytes;
  private final Double maxAudioSeconds;
  private final Clock clock;
  private final Meter refusals;

  /**
   * @param maxBytes null for no storage quota
   * @param maxAudioSeconds null for no monthly audio quota
   * @param refusals marked once per refused upload
   */
  public Quotas(Jdbi jdbi, Long maxBytes, Double maxAudioSeconds, Clock clock, Meter refusals) {
    this.jdbi = jdbi;
    this.maxBytes = maxBytes;
    this.maxAudioSeconds = maxAudioSeconds;
    this.clock = clock;
    this.refusals = refusals;
  }

  public static Quotas of(Jdbi jdbi, QuotaSettings settings, Clock clock, Meter refusals) {
    Long bytes = settings.getGb() == null ? null : Math.round(settings.getGb() * GB);
    Double seconds =
        settings.getAudioHoursPerMonth() == null ? null : settings.getAudioHoursPerMonth() * HOUR;
    return new Quotas(jdbi, bytes, seconds, clock, refusals);
  }

  /**
   * Before the body is read: refuses a coach who is already at a quota, or whose upload's declared
   * size (negative when unknown) cannot fit in the storage quota.
   */
  public void checkBeforeUpload(String coachId, long declaredBytes) {
    if (maxBytes != null) {
      long used = storedBytes(coachId);
      long coming = Math.max(0, declaredBytes - MULTIPART_SLACK_BYTES);
      if (used >= maxBytes || used + coming > maxBytes) {
        throw storageFull(used, declaredBytes < 0 ? null : coming);
      }
    }
    if (maxAudioSeconds != null) {
      LocalDate month = month();
      double used = jdbi.withExtension(UsageDao.class, dao -> dao.audioSeconds(coachId, month));
      if (used >= maxAudioSeconds) {
        throw hoursUsedUp(used, null, month);
      }
    }
  }

  /**
   * Once the upload is stored and measured: counts its audio against the month, refusing it when
   * either quota would be passed.
   *
   * @return what to {@link #release} should the session not be created after all
   */
  public Reservation reserve(String coachId, long bytes, double audioSeconds) {
    if (maxBytes != null) {
      long used = storedBytes(coachId);
      if (used + bytes > maxBytes) {
        throw storageFull(used, bytes);
      }
    }
    LocalDate month = month();
    Instant now = clock.instant();
    boolean counted =
        jdbi.withExtension(
                UsageDao.class,
                dao -> dao.addAudio(coachId, month, audioSeconds, maxAudioSeconds, now))
            .isPresent();
    if (!counted) {
      double used = jdbi.withExtension(UsageDao.class, dao -> dao.audioSeconds(coachId, month));
      throw hoursUsedUp(used, audioSeconds, month);
    }
    return new Reservation(coachId, month, audioSeconds);
  }

  /** Gives a reservation back; should the database refuse, the month stays counted high. */
  public void release(Reservation reservation) {
    try {
      jdbi.useExtension(
          UsageDao.class,
          dao ->
              dao.takeBackAudio(
                  reservation.coachId(),
                  reservation.month(),
                  reservation.audioSeconds(),
                  clock.instant()));
    } catch (JdbiException e) {
      LOG.warn(
          "Coach {}: could not take back {} s of refused audio from the month: {}",
          reservation.coachId(),
          Math.round(reservation.audioSeconds()),
          e.toString());
    }
  }

  private long storedBytes(String coachId) {
    return jdbi.withExtension(UsageDao.class, dao -> dao.storedBytes(coachId));
  }

  private LocalDate month() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
  }

  private QuotaExceededException storageFull(long used, Long requested) {
    refusals.mark();
    String needs =
        requested == null ? "" : ", and this recording needs " + gigabytes(requested) + " GB more";
    return new QuotaExceededException(
        "Your recordings take "
            + gigabytes(used)
            + " GB of your "
            + gigabytes(maxBytes)
            + " GB storage quota"
            + needs
            + ". Delete sessions you no longer need (their recordings are removed at once), then"
            + " upload again.",
        new QuotaView(
            "storage",
            "GB",
            round(maxBytes / GB),
            round(used / GB),
            requested == null ? null : round(requested / GB),
            null),
        null);
  }

  private QuotaExceededException hoursUsedUp(double used, Double requested, LocalDate month) {
    refusals.mark();
    LocalDate next = month.plusMonths(1);
    Instant resetsAt = next.atStartOfDay(ZoneOffset.UTC).toInstant();
    String recording =
        requested == null ? "" : " and this recording is " + hours(requested) + " hours";
    long untilReset = Math.max(1, Duration.between(clock.instant(), resetsAt).toSeconds());
    return new QuotaExceededException(
        "You have uploaded "
            + hours(used)
            + " hours of audio this month; your quota is "
            + hours(maxAudioSeconds)
            + " hours a month"
            + recording
            + ". It starts again on "
            + DAY.format(next)
            + " (00:00 UTC). Deleting sessions does not give hours back; ask your administrator if"
            + " you need more before then.",
        new QuotaView(
            "audio_hours_per_month",
            "hours",
            round(maxAudioSeconds / HOUR),
            round(used / HOUR),
            requested == null ? null : round(requested / HOUR),
            resetsAt),
        (int) Math.min(Integer.MAX_VALUE, untilReset));
  }

  private static String gigabytes(double bytes) {
    double gb = bytes / GB;
    return String.format(Locale.ROOT, gb < 1 ? "%.3f" : gb < 10 ? "%.2f" : "%.1f", gb);
  }

  private static String hours(double seconds) {
    double hours = seconds / HOUR;
    return String.format(Locale.ROOT, hours < 1 ? "%.3f" : hours < 10 ? "%.2f" : "%.1f", hours);
  }

  /** Six decimals: a megabyte in GB, a few seconds in hours; no float noise. */
  private static double round(double value) {
    return Math.round(value * 1_000_000) / 1_000_000.0;
  }
}
