package com.coachtrack.activities.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  @Test
  void reproducesTheStandardWebhooksTestVector() {
    // Published with the specification: what any receiver's library verifies against.
    assertThat(
            WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void newSecretsAreThirtyTwoRandomBytesBehindThePrefix() {
    String one = WebhookSigner.newSecret();
    String two = WebhookSigner.newSecret();
    assertThat(one).startsWith("whsec_").isNotEqualTo(two);
    assertThat(Base64.getDecoder().decode(one.substring("whsec_".length()))).hasSize(32);
  }

  @Test
  void refusesASecretWithoutItsPrefix() {
    assertThatThrownBy(() -> WebhookSigner.sign("MfKQ9r8G", "msg_1", 1, "{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
