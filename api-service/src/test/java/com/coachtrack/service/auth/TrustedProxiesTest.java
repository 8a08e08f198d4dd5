package com.coachtrack.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {
  private final TrustedProxies proxies =
      new TrustedProxies(List.of("10.0.0.0/8", "192.168.1.7", "::1/128", "fd00::/8"));

  @ParameterizedTest
  @CsvSource({
    "10.1.2.3, true",
    "10.255.255.255, true",
    "11.0.0.1, false",
    "192.168.1.7, true",
    "192.168.1.8, false",
    "::1, true",
    "0:0:0:0:0:0:0:1, true",
    "fd12::1, true",
    "fe80::1, false",
    "localhost, false",
    "not an address, false"
  })
  void trustsOnlyAddressesInsideItsBlocks(String address, boolean trusted) {
    assertThat(proxies.trusts(address)).isEqualTo(trusted);
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.0/33", "example.org/8", "10.0.0.0/x"})
  void refusesWhatIsNotACidrBlock(String cidr) {
    assertThatThrownBy(() -> new TrustedProxies(List.of(cidr)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRUSTED_PROXY_CIDRS");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.5 | 203.0.113.9 | 203.0.113.9",
        "10.0.0.5 | 198.51.100.1, 203.0.113.9, 10.0.0.4 | 203.0.113.9",
        "203.0.113.50 | 198.51.100.1 | 203.0.113.50",
        "10.0.0.5 | 10.0.0.6 | 10.0.0.5"
      })
  void theClientIsTheLastUntrustedHopAndOnlyBehindATrustedProxy(
      String remote, String forwarded, String client) {
    var request = FakeRequest.from(remote).with("X-Forwarded-For", forwarded).build();
    assertThat(proxies.clientAddress(request)).isEqualTo(client);
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.5, true", "203.0.113.50, false"})
  void forwardedHttpsCountsOnlyFromATrustedProxy(String remote, boolean https) {
    assertThat(proxies.isHttps(FakeRequest.from(remote).with("X-Forwarded-Proto", "https").build()))
        .isEqualTo(https);
  }
}
