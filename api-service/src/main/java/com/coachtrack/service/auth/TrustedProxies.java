package com.coachtrack.service.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxies whose forwarding headers are believed ({@code TRUSTED_PROXY_CIDRS}): from anyone else
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-For} and {@code X-Coach-Id} are ignored, since any
 * client can send them.
 */
public final class TrustedProxies {
  private final List<Block> blocks = new ArrayList<>();

  /**
   * @param cidrs e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1/32}, {@code ::1/128}; a bare address is
   *     a single host
   * @throws IllegalArgumentException for something that is not a CIDR block
   */
  public TrustedProxies(List<String> cidrs) {
    for (String cidr : cidrs) {
      try {
        blocks.add(Block.parse(cidr));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "TRUSTED_PROXY_CIDRS: '" + cidr + "' is not a CIDR block such as 10.0.0.0/8", e);
      }
    }
  }

  public boolean trusts(String address) {
    if (address == null || blocks.isEmpty()) {
      return false;
    }
    byte[] bytes;
    try {
      // A literal address only: never a name lookup.
      if (!address.matches("[0-9a-fA-F:.%]+")) {
        return false;
      }
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return false;
    }
    for (Block block : blocks) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the request came over HTTPS: to us, or to a trusted proxy that says so. */
  public boolean isHttps(HttpServletRequest request) {
    if (request.isSecure()) {
      return true;
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    return proto != null
        && "https".equals(proto.strip().toLowerCase(Locale.ROOT))
        && trusts(request.getRemoteAddr());
  }

  /**
   * The client's address: the connection's, or behind trusted proxies the last address in {@code
   * X-Forwarded-For} that is not one of them.
   */
  public String clientAddress(HttpServletRequest request) {
    String address = request.getRemoteAddr();
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null || !trusts(address)) {
      return address;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!hop.isEmpty() && !trusts(hop)) {
        return hop;
      }
    }
    return address;
  }

  private record Block(byte[] network, int prefix) {
    static Block parse(String cidr) {
      String text = cidr.strip();
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      try {
        if (!host.matches("[0-9a-fA-F:.]+")) {
          throw new IllegalArgumentException("Not an IP address: " + host);
        }
        byte[] network = InetAddress.getByName(host).getAddress();
        int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (prefix < 0 || prefix > network.length * 8) {
          throw new IllegalArgumentException("Prefix out of range in " + cidr);
        }
        return new Block(network, prefix);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("Not a CIDR block: " + cidr, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int bits = address.length * 8;
      BigInteger mask =
          BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
      return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
    }
  }
}
