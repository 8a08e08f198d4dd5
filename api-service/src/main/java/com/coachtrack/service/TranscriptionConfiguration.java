package com.coachtrack.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

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

  @NotNull
  @Pattern(regexp = "auto|sphinx4|pocketsphinx", message = "must be auto, sphinx4 or pocketsphinx")
  private String engine = "auto";

  /** Blank URL: a PostgreSQL embedded under dataDir. */
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();

  @Valid @NotNull private TemporalSettings temporal = new TemporalSettings();

  @Valid @NotNull private WorkerSettings worker = new WorkerSettings();

  @Valid @NotNull private StatusSettings status = new StatusSettings();

  @Valid @NotNull private StorageSettings storage = new StorageSettings();

  @JsonProperty
  public StorageSettings getStorage() {
    return storage;
  }

  @JsonProperty
  public void setStorage(StorageSettings storage) {
    this.storage = storage;
  }

  /**
   * Where uploads and decoded audio live: the data directory, or an S3-compatible bucket every
   * worker reaches.
   */
  public static class StorageSettings {
    @NotNull
    @Pattern(regexp = "local|s3", message = "must be local or s3")
    private String type = "local";

    private String endpoint = "";
    private String region = "";
    private String bucket = "coachtrack";
    private String accessKey = "";
    private String secretKey = "";

    @JsonProperty
    public String getType() {
      return type;
    }

    @JsonProperty
    public void setType(String type) {
      this.type = type;
    }

    @JsonProperty
    public String getEndpoint() {
      return endpoint;
    }

    @JsonProperty
    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    @JsonProperty
    public String getRegion() {
      return region;
    }

    @JsonProperty
    public void setRegion(String region) {
      this.region = region;
    }

    @JsonProperty
    public String getBucket() {
      return bucket;
    }

    @JsonProperty
    public void setBucket(String bucket) {
      this.bucket = bucket;
    }

    @JsonProperty
    public String getAccessKey() {
      return accessKey;
    }

    @JsonProperty
    public void setAccessKey(String accessKey) {
      this.accessKey = accessKey;
    }

    @JsonProperty
    public String getSecretKey() {
      return secretKey;
    }

    @JsonProperty
    public void setSecretKey(String secretKey) {
      this.secretKey = secretKey;
    }

    public boolean isS3() {
      return "s3".equals(type);
    }
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

  /** Where Temporal is: blank address starts Temporal's test server in process on 127.0.0.1. */
  public static class TemporalSettings {
    private String address = "";
    @NotBlank private String namespace = "default";

    @Min(0)
    @Max(65535)
    private int embeddedPort = 7233;

    @JsonProperty
    public String getAddress() {
      return address;
    }

    @JsonProperty
    public void setAddress(String address) {
      this.address = address;
    }

    @JsonProperty
    public String getNamespace() {
      return namespace;
    }

    @JsonProperty
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    @JsonProperty
    public int getEmbeddedPort() {
      return embeddedPort;
    }

    @JsonProperty
    public void setEmbeddedPort(int embeddedPort) {
      this.embeddedPort = embeddedPort;
    }

    public boolean isEmbedded() {
      return address == null || address.isBlank();
    }
  }

  /** The in-process worker. */
  public static class WorkerSettings {
    private boolean enabled = true;

    /** Chunks transcribed at once: one per core is what a CPU engine can use. */
    @Min(1)
    @Max(64)
    private int engineSlots = Math.max(1, Runtime.getRuntime().availableProcessors());

    @JsonProperty
    public boolean isEnabled() {
      return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    @JsonProperty
    public int getEngineSlots() {
      return engineSlots;
    }

    @JsonProperty
    public void setEngineSlots(int engineSlots) {
      this.engineSlots = engineSlots;
    }
  }

  /** How status is reported and how long it is kept. */
  public static class StatusSettings {
    @NotNull private Duration stallAfter = Duration.minutes(5);

    @Min(1)
    private int retentionDays = 30;

    /** Status requests per second a coach may make (burst twice that). */
    @Min(1)
    private int requestsPerSecondPerCoach = 20;

    @JsonProperty
    public Duration getStallAfter() {
      return stallAfter;
    }

    @JsonProperty
    public void setStallAfter(Duration stallAfter) {
      this.stallAfter = stallAfter;
    }

    @JsonProperty
    public int getRetentionDays() {
      return retentionDays;
    }

    @JsonProperty
    public void setRetentionDays(int retentionDays) {
      this.retentionDays = retentionDays;
    }

    @JsonProperty
    public int getRequestsPerSecondPerCoach() {
      return requestsPerSecondPerCoach;
    }

    @JsonProperty
    public void setRequestsPerSecondPerCoach(int requestsPerSecondPerCoach) {
      this.requestsPerSecondPerCoach = requestsPerSecondPerCoach;
    }
  }
}
