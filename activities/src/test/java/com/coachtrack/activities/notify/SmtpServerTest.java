package com.coachtrack.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SmtpServerTest {

  @Test
  void blankMeansEmailIsOff() {
    assertThat(SmtpServer.parse("")).isEmpty();
    assertThat(SmtpServer.parse(null)).isEmpty();
  }

  @Test
  void readsSubmissionWithStartTlsAndAPercentEncodedPassword() {
    SmtpServer server =
        SmtpServer.parse("smtp://mailer%40example.org:p%40ss:word@mail.example.org:587").get();
    assertThat(server.tls()).isFalse();
    assertThat(server.host()).isEqualTo("mail.example.org");
    assertThat(server.port()).isEqualTo(587);
    assertThat(server.user()).isEqualTo("mailer@example.org");
    assertThat(server.password()).isEqualTo("p@ss:word");
    assertThat(server.startTlsRequired()).isFalse();
    assertThat(server.toString()).doesNotContain("p@ss");
  }

  @Test
  void readsImplicitTlsAndDefaultPorts() {
    assertThat(SmtpServer.parse("smtps://u:p@mail.example.org").get().port()).isEqualTo(465);
    assertThat(SmtpServer.parse("smtps://u:p@mail.example.org").get().tls()).isTrue();
    SmtpServer relay = SmtpServer.parse("smtp://relay.internal?starttls=required").get();
    assertThat(relay.port()).isEqualTo(25);
    assertThat(relay.user()).isNull();
    assertThat(relay.startTlsRequired()).isTrue();
  }

  @Test
  void refusesWhatIsNotAnSmtpUrlWithoutRepeatingIt() {
    assertThatThrownBy(() -> SmtpServer.parse("http://u:secret@mail.example.org"))
        .hasMessageContaining("smtp://")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> SmtpServer.parse("smtp://"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpServer.parse("smtp://a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAFromThatIsNotAnAddress() {
    SmtpServer server = SmtpServer.parse("smtp://127.0.0.1:2525").get();
    assertThatThrownBy(() -> new Mailer(server, "not an address"))
        .hasMessageContaining("MAIL_FROM");
    assertThat(new Mailer(server, "CoachTrack <noreply@example.org>").from().getAddress())
        .isEqualTo("noreply@example.org");
  }
}
