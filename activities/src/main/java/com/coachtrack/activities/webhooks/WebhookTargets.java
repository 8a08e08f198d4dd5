package com.coachtrack.activities.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Which addresses webhooks may be sent to. A URL a coach registers could otherwise make the server
 * call into its own network (a database, a cloud metadata service at 169.254.169.254): every
 * address a host resolves to must be public, unless the operator allowed a block. Checked when an
 * endpoint is registered and again at each delivery, on the addresses actually connected to, so a
 * host that resolves somewhere else later (DNS rebinding) is still refused.
 */
public final class WebhookTargets {
  /**
   * Loopback, private, link-local, shared, reserved and documentation ranges, IPv4 and IPv6. (IPv4
   * addresses mapped into IPv6 arrive as IPv4: Java converts them.)
   */
  static final List<AddressBlock> INTERNAL =
      List.of(
              "0.0.0.0/8",
              "10.0.0.0/8",
              "100.64.0.0/10",
              "127.0.0.0/8",
              "169.254.0.0/16",
              "172.16.0.0/12",
              "192.0.0.0/24",
              "192.0.2.0/24",
              "192.168.0.0/16",
              "198.18.0.0/15",
              "198.51.100.0/24",
              "203.0.113.0/24",
              "224.0.0.0/4",
              "240.0.0.0/4",
              "::/128",
              "::1/128",
              "64:ff9b::/96",
              "100::/64",
              "2001:db8::/32",
              "2002::/16",
              "fc00::/7",
              "fe80::/10",
              "fec0::/10",
              "ff00::/8")
          .stream()
          .map(AddressBlock::parse)
          .toList();

  private final boolean allowAll;
  private final List<AddressBlock> allowed;
  private final Function<String, InetAddress[]> resolver;

  private WebhookTargets(
      boolean allowAll, List<AddressBlock> allowed, Function<String, InetAddress[]> resolver) {
    this.allowAll = allowAll;
    this.allowed = allowed;
    this.resolver = resolver;
  }

  /**
   * @param allowPrivate {@code true} (any internal address), {@code false} or empty (none), or
   *     comma-separated blocks that are allowed although internal (e.g. {@code 10.1.0.0/16})
   * @throws IllegalArgumentException when it is none of these
   */
  public static WebhookTargets allowing(String allowPrivate) {
    return allowing(allowPrivate, WebhookTargets::dns);
  }

  static WebhookTargets allowing(String allowPrivate, Function<String, InetAddress[]> resolver) {
    String value = allowPrivate == null ? "" : allowPrivate.strip().toLowerCase(Locale.ROOT);
    if (value.equals("true")) {
      return new WebhookTargets(true, List.of(), resolver);
    }
    List<AddressBlock> blocks = new ArrayList<>();
    if (!value.isEmpty() && !value.equals("false")) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          try {
            blocks.add(AddressBlock.parse(part));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "WEBHOOK_ALLOW_PRIVATE: '"
                    + part.strip()
                    + "' is not true, false or an address block such as 10.1.0.0/16",
                e);
          }
        }
      }
    }
    return new WebhookTargets(false, List.copyOf(blocks), resolver);
  }

  /** Whether a webhook may connect to this address. */
  public boolean permits(InetAddress address) {
    if (allowAll || allowed.stream().anyMatch(block -> block.contains(address))) {
      return true;
    }
    return INTERNAL.stream().noneMatch(block -> block.contains(address));
  }

  /**
   * The host's addresses, every one of them permitted.
   *
   * @throws TargetRefusedException when any is not (a host that also resolves inside is refused
   *     whole: which address a client picks is not ours to predict)
   * @throws UnknownHostException when the host does not resolve
   */
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] addresses;
    try {
      addresses = resolver.apply(host);
    } catch (ResolutionFailed e) {
      throw (UnknownHostException) e.getCause();
    }
    for (InetAddress address : addresses) {
      if (!permits(address)) {
        throw new TargetRefusedException(
            host
                + " resolves to "
                + address.getHostAddress()
                + ", a private or internal address; webhooks go to public addresses only");
      }
    }
    return addresses;
  }

  /**
   * Checks a URL a coach registers.
   *
   * @return why it cannot be used, or null when it can
   */
  public String problemWith(URI url) {
    try {
      resolve(url.getHost());
      return null;
    } catch (TargetRefusedException e) {
      return e.getMessage();
    } catch (UnknownHostException e) {
      return "the host " + url.getHost() + " could not be found";
    }
  }

  private static InetAddress[] dns(String host) {
    try {
      return InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new ResolutionFailed(e);
    }
  }

  /** Carries a lookup failure through the resolver function. */
  static final class ResolutionFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResolutionFailed(UnknownHostException cause) {
      super(cause);
    }
  }
}
