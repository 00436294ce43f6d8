package io.punctual.executor.internal.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** A block of IPv4 or IPv6 addresses, {@code address/prefixLength}. */
public final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code a.b.c.d/n}, {@code x::y/n}, or a single address literal.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!isAddressLiteral(address)) {
      throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
    }
    byte[] bytes = literal(address).getAddress();
    int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
    if (prefix < 0 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("prefix length out of range: " + text);
    }
    return new Cidr(bytes, prefix, text);
  }

  /** Whether the text looks like an IPv4 or IPv6 literal (no DNS lookup needed). */
  public static boolean isAddressLiteral(String text) {
    if (text.isEmpty()) {
      return false;
    }
    if (text.indexOf(':') >= 0) {
      return text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }
    return text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** The address of a literal, without DNS. */
  public static InetAddress literal(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
  }

  /** Whether the address lies in this block (IPv4 and IPv6 never match each other). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    if (!Arrays.equals(bytes, 0, full, network, 0, full)) {
      return false;
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest);
    return (bytes[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
