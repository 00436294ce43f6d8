package io.punctual.executor.internal.guard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetGuardTest {
  private static String rule(TargetGuard guard, String url) {
    return assertThrows(TargetRefusedException.class, () -> guard.checkUrl(URI.create(url))).rule();
  }

  @Test
  void shouldAlwaysRefuseLinkLocalMetadataUnspecifiedAndMulticast() {
    // Given the most permissive guard
    TargetGuard guard = new TargetGuard(List.of("169.254.0.0/16", "0.0.0.0/0"), true, true);
    // When / Then
    assertEquals("link-local", rule(guard, "http://169.254.169.254/latest"));
    assertEquals("link-local", rule(guard, "http://[fe80::1%251]/"));
    assertEquals("cloud-metadata", rule(guard, "http://[fd00:ec2::254]/"));
    assertEquals("cloud-metadata", rule(guard, "http://100.100.100.200/"));
    assertEquals("link-local", rule(guard, "http://[::ffff:169.254.169.254]/"));
    assertEquals("unspecified", rule(guard, "http://0.0.0.0:8080/"));
    assertEquals("multicast", rule(guard, "http://224.0.0.1/"));
  }

  @Test
  void shouldRefuseLoopbackAndPrivateUnlessAllowed() {
    // Given a strict guard; When / Then
    TargetGuard strict = new TargetGuard(List.of(), false, false);
    assertEquals("loopback", rule(strict, "http://127.0.0.1/"));
    assertEquals("loopback", rule(strict, "http://[::1]/"));
    assertEquals("private", rule(strict, "http://10.1.2.3/"));
    assertEquals("private", rule(strict, "http://172.31.0.1/"));
    assertEquals("private", rule(strict, "http://192.168.1.1/"));
    assertEquals("private", rule(strict, "http://[fd12::1]/"));
    assertDoesNotThrow(() -> strict.checkUrl(URI.create("http://8.8.8.8/")));
    assertDoesNotThrow(() -> strict.checkUrl(URI.create("http://172.32.0.1/")));
    assertEquals("scheme", rule(strict, "file:///etc/passwd"));

    // Given guards allowing by flag or by CIDR; When / Then
    TargetGuard flags = new TargetGuard(List.of(), true, true);
    assertDoesNotThrow(() -> flags.checkUrl(URI.create("http://127.0.0.1/")));
    assertDoesNotThrow(() -> flags.checkUrl(URI.create("http://10.1.2.3/")));
    TargetGuard cidr = new TargetGuard(List.of("127.0.0.0/8", "10.1.0.0/16"), false, false);
    assertDoesNotThrow(() -> cidr.checkUrl(URI.create("http://127.0.0.2/")));
    assertDoesNotThrow(() -> cidr.checkUrl(URI.create("http://10.1.2.3/")));
    assertEquals("private", rule(cidr, "http://10.2.0.1/"));
  }

  @Test
  void shouldAlwaysRefuseReservedBlocksAndTunnelsHidingTheirIpv4() {
    // Given the most permissive guard
    TargetGuard guard = new TargetGuard(List.of("0.0.0.0/0", "::/0"), true, true);
    // When / Then
    assertEquals("reserved", rule(guard, "http://198.18.0.1/"));
    assertEquals("reserved", rule(guard, "http://198.19.255.255/"));
    assertEquals("reserved", rule(guard, "http://240.0.0.1/"));
    assertEquals("reserved", rule(guard, "http://255.255.255.255/"));
    assertEquals("reserved", rule(guard, "http://[fec0::1]/"));
    assertEquals("reserved", rule(guard, "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/"));
    assertEquals("reserved", rule(guard, "http://[64:ff9b:1::a9fe:a9fe]/"));
    assertEquals("unspecified", rule(guard, "http://0.1.2.3/"));
    assertEquals("multicast", rule(guard, "http://[ff02::1]/"));
  }

  @Test
  void shouldJudgeAnIpv6AddressEmbeddingAnIpv4AsThatIpv4() {
    // Given a strict guard and a permissive one
    TargetGuard strict = new TargetGuard(List.of(), false, false);
    TargetGuard open = new TargetGuard(List.of("0.0.0.0/0"), true, true);
    // When / Then: NAT64, 6to4, IPv4-compatible and IPv4-mapped carry their IPv4's class
    for (TargetGuard guard : List.of(strict, open)) {
      assertEquals("link-local", rule(guard, "http://[64:ff9b::169.254.169.254]/"));
      assertEquals("link-local", rule(guard, "http://[2002:a9fe:a9fe::1]/"));
      assertEquals("link-local", rule(guard, "http://[::169.254.169.254]/"));
      assertEquals("cloud-metadata", rule(guard, "http://[::ffff:100.100.100.200]/"));
      assertEquals("cloud-metadata", rule(guard, "http://[64:ff9b::6464:64c8]/"));
    }
    assertEquals("loopback", rule(strict, "http://[64:ff9b::127.0.0.1]/"));
    assertEquals("loopback", rule(strict, "http://[::127.0.0.1]/"));
    assertEquals("private", rule(strict, "http://[2002:0a00:0001::]/"));
    assertEquals("private", rule(strict, "http://[64:ff9b::10.0.0.1]/"));
    assertEquals("private", rule(strict, "http://[64:ff9b::100.64.0.1]/"));
    assertDoesNotThrow(() -> strict.checkUrl(URI.create("http://[64:ff9b::8.8.8.8]/")));
    assertDoesNotThrow(() -> strict.checkUrl(URI.create("http://[2002:0808:0808::1]/")));
    assertDoesNotThrow(() -> open.checkUrl(URI.create("http://[64:ff9b::10.0.0.1]/")));
  }

  @Test
  void shouldParseCidrBlocks() {
    // Given blocks; When / Then
    assertEquals(true, Cidr.parse("172.16.0.0/12").contains(Cidr.literal("172.31.255.255")));
    assertEquals(false, Cidr.parse("172.16.0.0/12").contains(Cidr.literal("172.32.0.0")));
    assertEquals(false, Cidr.parse("::/0").contains(Cidr.literal("1.2.3.4")));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
  }
}
