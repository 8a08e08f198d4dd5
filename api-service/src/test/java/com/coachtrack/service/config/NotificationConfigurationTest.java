package com.coachtrack.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.webhooks.WebhookPolicy;
import com.coachtrack.activities.webhooks.WebhookTargets;
import com.coachtrack.service.TranscriptionConfiguration;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped configuration files: e-mail off until an operator gives SMTP_URL, webhooks to public
 * addresses only, retried for a day. (The tests' own test.yml allows loopback; these do not.)
 */
class NotificationConfigurationTest {
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
  void theDefaultsAreEmailOffPublicTargetsOnlyAndADayOfRetries(String file) throws Exception {
    NotificationSettings notifications = load(file).getNotifications();

    assertThat(notifications.mailEnabled()).isFalse();
    WebhookSettings webhooks = notifications.getWebhooks();
    assertThat(webhooks.getAllowPrivate()).isEqualTo("false");
    assertThat(webhooks.getTimeout().toJavaDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(webhooks.policy())
        .isEqualTo(WebhookPolicy.DEFAULT)
        .isEqualTo(
            new WebhookPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24)));

    WebhookTargets targets = WebhookTargets.allowing(webhooks.getAllowPrivate());
    for (String internal :
        new String[] {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1"}) {
      assertThat(targets.permits(InetAddress.getByName(internal))).as(internal).isFalse();
    }
    assertThat(targets.permits(InetAddress.getByName("93.184.215.14"))).isTrue();
    assertThat(targets.problemWith(URI.create("http://127.0.0.1:8080/hook")))
        .contains("public addresses only");
  }

  @Test
  void anOperatorMayAllowLoopbackAsTheTestsDo() throws Exception {
    WebhookSettings webhooks = load("local.yml").getNotifications().getWebhooks();
    webhooks.setAllowPrivate(" 127.0.0.0/8,::1/128 ");

    WebhookTargets targets = WebhookTargets.allowing(webhooks.getAllowPrivate());

    assertThat(targets.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(targets.permits(InetAddress.getByName("::1"))).isTrue();
    assertThat(targets.permits(InetAddress.getByName("10.1.2.3"))).isFalse();
    assertThat(targets.problemWith(URI.create("http://127.0.0.1:8080/hook"))).isNull();
  }

  @Test
  void aMailServerWithoutASenderIsRefusedAtStart() throws Exception {
    TranscriptionConfiguration config = load("local.yml");
    config.getNotifications().setSmtpUrl("smtp://mail.example.org:587");
    config.getNotifications().setMailFrom(null);

    Set<ConstraintViolation<TranscriptionConfiguration>> violations = validator.validate(config);

    assertThat(violations)
        .extracting(ConstraintViolation::getMessage)
        .anySatisfy(message -> assertThat(message).contains("MAIL_FROM must be set"));

    config.getNotifications().setMailFrom("CoachTrack <noreply@example.org>");
    assertThat(config.getNotifications().mailEnabled()).isTrue();
    assertThat(validator.validate(config)).isEmpty();
  }
}
