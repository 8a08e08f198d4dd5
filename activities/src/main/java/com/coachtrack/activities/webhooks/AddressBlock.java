package com.coachtrack.activities.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
public record AddressBlock(byte[] network, int prefix) {

  /**
   * @param cidr a block, or a bare address (a block of one)
   * @throws IllegalArgumentException when it is neither
   */
  public static AddressBlock parse(String cidr) {
    String text = cidr.strip();
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    // Only literals: a host name here would be looked up in DNS, which is not what a block means.
    if (!host.matches("[0-9a-fA-F:.]+") || !host.matches(".*[.:].*")) {
      throw new IllegalArgumentException("Not an IP address block: " + cidr);
    }
    try {
      byte[] network = InetAddress.getByName(host).getAddress();
      int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("Prefix out of range in " + cidr);
      }
      return new AddressBlock(network, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("Not an IP address block: " + cidr, e);
    }
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AddressBlock block
        && block.prefix == prefix
        && java.util.Arrays.equals(block.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
