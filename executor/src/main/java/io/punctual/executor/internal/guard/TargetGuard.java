package io.punctual.executor.internal.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides which addresses HTTP targets may reach, so a timer cannot be used to reach what its
 * author may not reach. For each address a host resolves to, in order:
 *
 * <ol>
 *   <li>an address embedding an IPv4 address is judged as that IPv4 address: IPv4-mapped
 *       (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16);
 *   <li>always refused: link-local (169.254.0.0/16, fe80::/10), cloud metadata (fd00:ec2::254,
 *       100.100.100.200, 192.0.0.192), unspecified (0.0.0.0/8, ::), multicast (224.0.0.0/4,
 *       ff00::/8), and reserved blocks: benchmarking (198.18.0.0/15), 240.0.0.0/4 with the
 *       broadcast address, site-local (fec0::/10), Teredo (2001::/32, whose IPv4 is obfuscated) and
 *       local-use NAT64 (64:ff9b:1::/48, whose IPv4 may sit anywhere);
 *   <li>allowed when the host name or a CIDR block of {@code allow-targets} covers it;
 *   <li>loopback (127.0.0.0/8, ::1) only with {@code allow-loopback};
 *   <li>private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) only with {@code allow-private};
 *   <li>anything else (public) is allowed.
 * </ol>
 *
 * A host is refused when any of its addresses is, so DNS cannot hide a forbidden address behind an
 * allowed one; the HTTP client connects only to addresses checked here (see {@link
 * GuardedAddressResolverGroup}).
 */
public final class TargetGuard {
  private static final Map<String, List<Cidr>> ALWAYS_REFUSED =
      Map.of(
          "link-local", blocks("169.254.0.0/16", "fe80::/10"),
          "cloud-metadata", blocks("fd00:ec2::254/128", "100.100.100.200/32", "192.0.0.192/32"),
          "unspecified", blocks("0.0.0.0/8", "::/128"),
          "multicast", blocks("224.0.0.0/4", "ff00::/8"),
          "reserved",
              blocks("198.18.0.0/15", "240.0.0.0/4", "fec0::/10", "2001::/32", "64:ff9b:1::/48"));
  private static final List<String> REFUSAL_ORDER =
      List.of("cloud-metadata", "link-local", "unspecified", "multicast", "reserved");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
  private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
  private static final List<Cidr> LOOPBACK = blocks("127.0.0.0/8", "::1/128");
  private static final List<Cidr> PRIVATE =
      blocks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

  private final List<String> allowedHosts = new ArrayList<>();
  private final List<Cidr> allowedBlocks = new ArrayList<>();
  private final boolean allowLoopback;
  private final boolean allowPrivate;

  /**
   * A guard.
   *
   * @param allowTargets host names and CIDR blocks permitted even when loopback or private
   * @throws IllegalArgumentException on a malformed CIDR block
   */
  public TargetGuard(List<String> allowTargets, boolean allowLoopback, boolean allowPrivate) {
    for (String raw : allowTargets) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      String address = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
      if (Cidr.isAddressLiteral(address)) {
        allowedBlocks.add(Cidr.parse(entry));
      } else {
        allowedHosts.add(entry.toLowerCase(Locale.ROOT));
      }
    }
    this.allowLoopback = allowLoopback;
    this.allowPrivate = allowPrivate;
  }

  private static List<Cidr> blocks(String... texts) {
    List<Cidr> list = new ArrayList<>();
    for (String text : texts) {
      list.add(Cidr.parse(text));
    }
    return List.copyOf(list);
  }

  /**
   * Checks a URL: scheme http or https, a host, and every address the host resolves to.
   *
   * @throws TargetRefusedException naming the rule
   * @throws UnknownHostException when the host does not resolve
   */
  public void checkUrl(URI url) throws UnknownHostException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new TargetRefusedException("scheme", "only http and https URLs are called: " + url);
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new TargetRefusedException("host", "the URL has no host: " + url);
    }
    resolve(host);
  }

  /**
   * Resolves a host and checks every address.
   *
   * @return the addresses, all allowed
   * @throws TargetRefusedException naming the rule
   */
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses = InetAddress.getAllByName(bare);
    for (InetAddress address : addresses) {
      check(bare, address);
    }
    return addresses;
  }

  /**
   * Checks one address of a host.
   *
   * @throws TargetRefusedException naming the rule
   */
  public void check(String host, InetAddress address) {
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != null) {
      check(host, embedded);
      return;
    }
    String ip = address.getHostAddress();
    for (String rule : REFUSAL_ORDER) {
      if (in(ALWAYS_REFUSED.get(rule), address)) {
        throw new TargetRefusedException(
            rule, host + " resolves to " + ip + ", and " + rule + " addresses are always refused");
      }
    }
    if (allowedHosts.contains(host.toLowerCase(Locale.ROOT)) || in(allowedBlocks, address)) {
      return;
    }
    if (in(LOOPBACK, address) && !allowLoopback) {
      throw new TargetRefusedException(
          "loopback",
          host
              + " resolves to the loopback address "
              + ip
              + "; allow it with punctual.executor.allow-loopback or allow-targets");
    }
    if (in(PRIVATE, address) && !allowPrivate) {
      throw new TargetRefusedException(
          "private",
          host
              + " resolves to the private address "
              + ip
              + "; allow it with punctual.executor.allow-private or allow-targets");
    }
  }

  /**
   * The IPv4 address an IPv6 address carries and reaches: IPv4-mapped, IPv4-compatible (not :: nor
   * ::1), NAT64 or 6to4; null when none.
   */
  static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] bytes = address.getAddress();
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= bytes[i] == 0;
    }
    mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    boolean compatible =
        IPV4_COMPATIBLE.contains(address)
            && !address.isAnyLocalAddress()
            && !address.isLoopbackAddress();
    if (mapped || compatible || NAT64.contains(address)) {
      return ipv4(Arrays.copyOfRange(bytes, 12, 16));
    }
    if (SIX_TO_FOUR.contains(address)) {
      return ipv4(Arrays.copyOfRange(bytes, 2, 6));
    }
    return null;
  }

  private static InetAddress ipv4(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  private static boolean in(List<Cidr> blocks, InetAddress address) {
    for (Cidr block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
