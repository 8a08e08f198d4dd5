package com.coachtrack.service.engines;

import com.coachtrack.activities.engine.EngineProfile;
import com.coachtrack.service.api.EngineList;
import com.coachtrack.service.api.EngineView;
import com.coachtrack.service.status.SpeedPriors;
import com.coachtrack.store.EngineSpeedRow;
import com.coachtrack.store.EngineWorkerDao;
import com.coachtrack.store.EngineWorkerRow;
import com.coachtrack.store.SessionProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * What {@code GET /api/v1/engines} says of each engine on offer: its name for coaches, its pace
 * (learned, else shipped) and whether a worker runs it now, from what the workers report ({@link
 * EnginePresence}).
 */
public final class EngineViews {
  /** Workers report every 30 s: three missed reports and the worker is taken as gone. */
  static final Duration SEEN_WITHIN = EnginePresence.REPORT_EVERY.multipliedBy(3);

  static final String NO_WORKER =
      "No worker runs this engine at the moment: uploads on it wait until one starts.";

  private final EngineCatalog catalog;
  private final SpeedPriors priors;
  private final Jdbi jdbi;
  private final Clock clock;
  private final int fleetSlots;

  public EngineViews(
      EngineCatalog catalog, SpeedPriors priors, Jdbi jdbi, Clock clock, int fleetSlots) {
    this.catalog = catalog;
    this.priors = priors;
    this.jdbi = jdbi;
    this.clock = clock;
    this.fleetSlots = fleetSlots;
  }

  public EngineList list() {
    List<EngineWorkerRow> seen =
        jdbi.withExtension(
            EngineWorkerDao.class, dao -> dao.seenSince(clock.instant().minus(SEEN_WITHIN)));
    Map<String, Integer> labels = new HashMap<>();
    catalog.names().forEach(name -> labels.merge(displayName(name), 1, Integer::sum));
    List<EngineView> views = new ArrayList<>();
    for (String name : catalog.names()) {
      List<EngineWorkerRow> workers = seen.stream().filter(r -> r.engine().equals(name)).toList();
      long working = workers.stream().filter(r -> r.problem() == null).count();
      String problem =
          working > 0 ? null : workers.isEmpty() ? NO_WORKER : workers.get(0).problem();
      EngineSpeedRow learned = priors.forEngine(name);
      String label = displayName(name);
      views.add(
          new EngineView(
              name,
              // Two engines of one kind (pocketsphinx and sphinx4) are told apart by name.
              labels.get(label) > 1 ? label + " (" + name + ")" : label,
              EngineProfile.of(name)
                  .map(EngineProfile::description)
                  .orElse("The engine each worker has"),
              name.equals(catalog.defaultEngine()),
              learned == null
                  ? SessionProgress.shippedPrior(name, fleetSlots)
                  : learned.secondsPerAudioSecond(),
              learned == null ? 0 : learned.samples(),
              working > 0,
              (int) working,
              problem));
    }
    return new EngineList(catalog.defaultEngine(), views);
  }

  private static String displayName(String name) {
    return EngineProfile.of(name).map(EngineProfile::displayName).orElse("Standard");
  }
}
