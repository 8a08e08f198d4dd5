package com.coachtrack.activities.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may reach. Nothing here connects anywhere; names resolve in a map. */
class WebhookTargetsTest {
  private static final Map<String, String[]> DNS =
      Map.of(
          "hooks.example.com", new String[] {"93.184.216.34", "2606:2800:220:1::1"},
          "rebinding.example.com", new String[] {"93.184.216.34", "10.0.0.7"},
          "metadata.example.com", new String[] {"169.254.169.254"});

  private static WebhookTargets targets(String allowPrivate) {
    return WebhookTargets.allowing(
        allowPrivate,
        host -> {
          String[] addresses = DNS.get(host);
          try {
            if (addresses == null) {
              // Literals resolve without DNS, as InetAddress does.
              return new InetAddress[] {InetAddress.getByName(host)};
            }
            InetAddress[] out = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
              out[i] = InetAddress.getByName(addresses[i]);
            }
            return out;
          } catch (UnknownHostException e) {
            throw new WebhookTargets.ResolutionFailed(e);
          }
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.20.0.1",
        "192.168.1.10",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "224.0.0.1"
      })
  void internalAddressesAreRefusedByDefault(String address) throws Exception {
    assertThat(targets("").permits(InetAddress.getByName(address))).isFalse();
  }

  @Test
  void publicAddressesArePermitted() throws Exception {
    assertThat(targets("false").permits(InetAddress.getByName("93.184.216.34"))).isTrue();
    assertThat(targets("").resolve("hooks.example.com")).hasSize(2);
    assertThat(targets("").problemWith(URI.create("https://hooks.example.com/in"))).isNull();
  }

  @Test
  void aHostWithAnyInternalAddressIsRefusedWhole() {
    assertThatThrownBy(() -> targets("").resolve("rebinding.example.com"))
        .isInstanceOf(TargetRefusedException.class)
        .hasMessageContaining("10.0.0.7");
    assertThat(targets("").problemWith(URI.create("https://metadata.example.com/latest")))
        .contains("169.254.169.254")
        .contains("public addresses only");
  }

  @Test
  void anOperatorMayAllowBlocksOrEverything() throws Exception {
    WebhookTargets loopback = targets("127.0.0.0/8, ::1/128");
    assertThat(loopback.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(loopback.permits(InetAddress.getByName("::1"))).isTrue();
    assertThat(loopback.permits(InetAddress.getByName("10.0.0.1"))).isFalse();
    assertThat(targets("TRUE").permits(InetAddress.getByName("10.0.0.1"))).isTrue();
    assertThat(targets("true").resolve("metadata.example.com")).hasSize(1);
  }

  @Test
  void aHostThatDoesNotResolveIsSaidSo() {
    assertThat(targets("").problemWith(URI.create("https://no-such-host.invalid/")))
        .isEqualTo("the host no-such-host.invalid could not be found");
  }

  @Test
  void aSettingThatIsNeitherABooleanNorBlocksIsRefusedAtStart() {
    assertThatThrownBy(() -> WebhookTargets.allowing("yes please"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WEBHOOK_ALLOW_PRIVATE");
    assertThatThrownBy(() -> AddressBlock.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AddressBlock.parse("example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blocksMatchByTheirPrefix() throws Exception {
    AddressBlock block = AddressBlock.parse("172.16.0.0/12");
    assertThat(block.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
    assertThat(block.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
    assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
    assertThat(block).isEqualTo(AddressBlock.parse("172.16.0.0/12")).hasSameHashCodeAs(block);
    assertThat(block.toString()).isEqualTo("172.16.0.0/12");
    assertThat(AddressBlock.parse("10.0.0.1").prefix()).isEqualTo(32);
  }
}
