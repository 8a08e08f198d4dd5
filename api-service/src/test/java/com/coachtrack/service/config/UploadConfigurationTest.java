package com.coachtrack.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.service.TranscriptionConfiguration;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped configuration files give the documented upload limits, and they are validated. */
class UploadConfigurationTest {
  private final Validator validator = Validators.newValidator();

  private TranscriptionConfiguration load(String file) throws Exception {
    return new YamlConfigurationFactory<>(
            TranscriptionConfiguration.class, validator, Jackson.newObjectMapper(), "dw")
        .build(
            new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)),
            "../config/" + file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local.yml", "production.yml"})
  void theDefaultsAreTheDocumentedOnes(String file) throws Exception {
    TranscriptionConfiguration config = load(file);

    assertThat(config.getMaxAudioHours()).isEqualTo(4.0);
    assertThat(config.maxAudioLength()).isEqualTo(Duration.ofHours(4));
    UploadSettings uploads = config.getUploads();
    assertThat(uploads.getMaxInProgress()).isEqualTo(16);
    assertThat(uploads.getMaxInProgressPerCoach()).isEqualTo(2);
    assertThat(uploads.getMaxParts()).isEqualTo(4);
    assertThat(uploads.getMinBytesPerSecond()).isEqualTo(512);
    assertThat(uploads.getRateWindow().toJavaDuration()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(ints = {33, 64})
  void uploadsMayNotHoldMoreThanHalfTheRequestThreads(int maxInProgress) throws Exception {
    TranscriptionConfiguration config = load("local.yml");
    config.getUploads().setMaxInProgress(maxInProgress);

    Set<ConstraintViolation<TranscriptionConfiguration>> violations = validator.validate(config);

    assertThat(violations)
        .extracting(ConstraintViolation::getMessage)
        .anySatisfy(message -> assertThat(message).contains("at most half of server.maxThreads"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, 25})
  void anAudioLimitOutsideOneMomentToADayIsRefused(double hours) throws Exception {
    TranscriptionConfiguration config = load("local.yml");
    config.setMaxAudioHours(hours);

    assertThat(validator.validate(config)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"local.yml", "production.yml"})
  void theDefaultsPassValidation(String file) throws Exception {
    assertThat(validator.validate(load(file))).isEmpty();
  }
}
