package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The ETA's learned prior, per engine. */
@RegisterConstructorMapper(EngineSpeedRow.class)
public interface EngineSpeedDao {

  @SqlQuery(
      """
      SELECT engine, seconds_per_audio_second, samples, updated_at FROM engine_speed WHERE engine = :engine
      """)
  Optional<EngineSpeedRow> find(String engine);

  @SqlQuery(
      "SELECT engine, seconds_per_audio_second, samples, updated_at FROM engine_speed ORDER BY engine")
  List<EngineSpeedRow> all();

  @SqlUpdate(
      """
      INSERT INTO engine_speed (engine, seconds_per_audio_second, samples, updated_at)
      VALUES (:engine, :secondsPerAudioSecond, :samples, :now)
      ON CONFLICT (engine) DO UPDATE SET seconds_per_audio_second = EXCLUDED.seconds_per_audio_second,
          samples = EXCLUDED.samples, updated_at = EXCLUDED.updated_at
      """)
  void save(String engine, double secondsPerAudioSecond, int samples, Instant now);
}
