package com.coachtrack.service;

import com.coachtrack.service.config.AuthSettings;
import com.coachtrack.service.config.QuotaSettings;
import com.coachtrack.service.config.StatusSettings;
import com.coachtrack.service.config.StorageSettings;
import com.coachtrack.service.config.TemporalSettings;
import com.coachtrack.service.config.UploadSettings;
import com.coachtrack.service.config.WorkerSettings;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/** Everything the service reads from config/*.yml (environment variables substituted). */
public class TranscriptionConfiguration extends Configuration {

  /** What this process does: serve the API and web app, run the worker, or both (one machine). */
  @NotNull
  @Pattern(regexp = "api|worker|both", message = "must be api, worker or both")
  private String role = "both";

  /**
   * Apply the Liquibase changelog at start; off when migrations run as a release step (db migrate).
   */
  private boolean migrateOnStart = true;

  @JsonProperty
  public boolean isMigrateOnStart() {
    return migrateOnStart;
  }

  @JsonProperty
  public void setMigrateOnStart(boolean migrateOnStart) {
    this.migrateOnStart = migrateOnStart;
  }

  /** Uploads, decoded audio and (in local mode) the embedded database live here. */
  @NotBlank private String dataDir = "./data";

  @Min(1)
  @Max(10_240)
  private int maxUploadMb = 1024;

  /**
   * Uploads are refused (507) when they would leave less than this free under dataDir: the room
   * that accepted sessions need to decode, and the embedded database to grow. 0 turns the check
   * off.
   */
  @Min(0)
  private long minFreeMb = 2048;

  @Valid @NotNull private QuotaSettings quotas = new QuotaSettings();

  /**
   * Longer recordings are refused at upload (422 too_long, measured by content) and never decoded
   * past this. Four hours leaves room above the longest sessions coaches record (3 h); every audio
   * hour costs about 115 MB of PCM and a hundred chunk activities in one workflow's history.
   */
  @DecimalMin(value = "0", inclusive = false)
  @DecimalMax("24")
  private double maxAudioHours = 4;

  @Valid @NotNull private UploadSettings uploads = new UploadSettings();

  @NotNull
  @Pattern(regexp = "auto|sphinx4|pocketsphinx", message = "must be auto, sphinx4 or pocketsphinx")
  private String engine = "auto";

  /** Blank URL: a PostgreSQL embedded under dataDir. */
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();

  @Valid @NotNull private TemporalSettings temporal = new TemporalSettings();

  @Valid @NotNull private WorkerSettings worker = new WorkerSettings();

  @Valid @NotNull private StatusSettings status = new StatusSettings();

  @Valid @NotNull private StorageSettings storage = new StorageSettings();

  @Valid @NotNull private AuthSettings auth = new AuthSettings();

  @JsonProperty
  public AuthSettings getAuth() {
    return auth;
  }

  @JsonProperty
  public void setAuth(AuthSettings auth) {
    this.auth = auth;
  }

  @JsonProperty
  public StorageSettings getStorage() {
    return storage;
  }

  @JsonProperty
  public void setStorage(StorageSettings storage) {
    this.storage = storage;
  }

  @JsonProperty
  public String getRole() {
    return role;
  }

  @JsonProperty
  public void setRole(String role) {
    this.role = role;
  }

  public boolean servesApi() {
    return !"worker".equals(role);
  }

  public boolean runsWorker() {
    return !"api".equals(role) && worker.isEnabled();
  }

  @JsonProperty
  public String getDataDir() {
    return dataDir;
  }

  @JsonProperty
  public void setDataDir(String dataDir) {
    this.dataDir = dataDir;
  }

  @JsonProperty
  public int getMaxUploadMb() {
    return maxUploadMb;
  }

  @JsonProperty
  public void setMaxUploadMb(int maxUploadMb) {
    this.maxUploadMb = maxUploadMb;
  }

  @JsonProperty
  public long getMinFreeMb() {
    return minFreeMb;
  }

  @JsonProperty
  public void setMinFreeMb(long minFreeMb) {
    this.minFreeMb = minFreeMb;
  }

  @JsonProperty
  public QuotaSettings getQuotas() {
    return quotas;
  }

  @JsonProperty
  public void setQuotas(QuotaSettings quotas) {
    this.quotas = quotas;
  }

  @JsonProperty
  public double getMaxAudioHours() {
    return maxAudioHours;
  }

  @JsonProperty
  public void setMaxAudioHours(double maxAudioHours) {
    this.maxAudioHours = maxAudioHours;
  }

  /** {@link #getMaxAudioHours()} to the millisecond, as the probe and the decoder use it. */
  public Duration maxAudioLength() {
    return Duration.ofMillis(Math.round(maxAudioHours * 3_600_000));
  }

  /**
   * Uploads may hold at most half the request threads: the other half are what status polls are
   * answered with, however many uploads arrive.
   */
  @ValidationMethod(
      message =
          "uploads.maxInProgress (MAX_UPLOADS_IN_PROGRESS) may be at most half of"
              + " server.maxThreads (HTTP_MAX_THREADS): status polls need the other half")
  @JsonIgnore
  public boolean isUploadsWithinHalfTheThreads() {
    return !(getServerFactory() instanceof DefaultServerFactory server)
        || uploads.getMaxInProgress() <= server.getMaxThreads() / 2;
  }

  @JsonProperty
  public UploadSettings getUploads() {
    return uploads;
  }

  @JsonProperty
  public void setUploads(UploadSettings uploads) {
    this.uploads = uploads;
  }

  @JsonProperty
  public String getEngine() {
    return engine;
  }

  @JsonProperty
  public void setEngine(String engine) {
    this.engine = engine;
  }

  @JsonProperty("database")
  public DataSourceFactory getDatabase() {
    return database;
  }

  @JsonProperty("database")
  public void setDatabase(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty
  public TemporalSettings getTemporal() {
    return temporal;
  }

  @JsonProperty
  public void setTemporal(TemporalSettings temporal) {
    this.temporal = temporal;
  }

  @JsonProperty
  public WorkerSettings getWorker() {
    return worker;
  }

  @JsonProperty
  public void setWorker(WorkerSettings worker) {
    this.worker = worker;
  }

  @JsonProperty
  public StatusSettings getStatus() {
    return status;
  }

  @JsonProperty
  public void setStatus(StatusSettings status) {
    this.status = status;
  }
}
