/**
 * The ip and cidr libraries, with the cases of upstream's tables
 * (k8s.io/apiserver/pkg/cel/library/ip_test.go TestIP, cidr_test.go TestCIDR)
 * and netip's parsing beyond them.
 */
import { addrString, parseAddr } from '../../../../lib/validate/admission/go-netip';
import { celEval } from './cel-util';

describe("the ip library (upstream's TestIP)", () => {
  test.each([
    ['parse ipv4', 'ip("192.168.0.1") == ip("192.168.0.1")', true],
    ['isIP valid ipv4', 'isIP("192.168.0.1")', true],
    ['isIP invalid ipv4', 'isIP("192.168.0.1.0")', false],
    ['ip.isCanonical valid ipv4', 'ip.isCanonical("127.0.0.1")', true],
    ['ipv4 family', 'ip("192.168.0.1").family()', 4n],
    ['ipv4 isUnspecified true', 'ip("0.0.0.0").isUnspecified()', true],
    ['ipv4 isUnspecified false', 'ip("127.0.0.1").isUnspecified()', false],
    ['ipv4 isLoopback true', 'ip("127.0.0.1").isLoopback()', true],
    ['ipv4 isLoopback false', 'ip("1.2.3.4").isLoopback()', false],
    ['ipv4 isLinkLocalMulticast true', 'ip("224.0.0.1").isLinkLocalMulticast()', true],
    ['ipv4 isLinkLocalMulticast false', 'ip("224.0.1.1").isLinkLocalMulticast()', false],
    ['ipv4 isLinkLocalUnicast true', 'ip("169.254.169.254").isLinkLocalUnicast()', true],
    ['ipv4 isLinkLocalUnicast false', 'ip("192.168.0.1").isLinkLocalUnicast()', false],
    ['ipv4 isGlobalUnicast true', 'ip("192.168.0.1").isGlobalUnicast()', true],
    ['ipv4 isGlobalUnicast false', 'ip("255.255.255.255").isGlobalUnicast()', false],
    ['parse ipv6', 'string(ip("2001:db8::68"))', '2001:db8::68'],
    ['isIP valid ipv6', 'isIP("2001:db8::68")', true],
    ['isIP invalid ipv6', 'isIP("2001:db8:::68")', false],
    ['ip.isCanonical valid ipv6', 'ip.isCanonical("2001:db8::68")', true],
    ['ip.isCanonical non-canonical ipv6', 'ip.isCanonical("2001:DB8::68")', false],
    ['ipv6 family', 'ip("2001:db8::68").family()', 6n],
    ['ipv6 isUnspecified true', 'ip("::").isUnspecified()', true],
    ['ipv6 isUnspecified false', 'ip("::1").isUnspecified()', false],
    ['ipv6 isLoopback true', 'ip("::1").isLoopback()', true],
    ['ipv6 isLoopback false', 'ip("2001:db8::abcd").isLoopback()', false],
    ['ipv6 isLinkLocalMulticast true', 'ip("ff02::1").isLinkLocalMulticast()', true],
    ['ipv6 isLinkLocalMulticast false', 'ip("fd00::1").isLinkLocalMulticast()', false],
    ['ipv6 isLinkLocalUnicast true', 'ip("fe80::1").isLinkLocalUnicast()', true],
    ['ipv6 isLinkLocalUnicast false', 'ip("fd80::1").isLinkLocalUnicast()', false],
    ['ipv6 isGlobalUnicast true', 'ip("2001:db8::abcd").isGlobalUnicast()', true],
    ['ipv6 isGlobalUnicast false', 'ip("ff00::1").isGlobalUnicast()', false],
    ['converting an IP address to a string', 'string(ip("192.168.0.1"))', '192.168.0.1'],
    ['type of IP is net.IP', 'type(ip("192.168.0.1")) == net.IP', true],
  ])('%s: %s', (_name, expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });

  test.each([
    ['parse invalid ipv4', 'ip("192.168.0.1.0")', 'IP Address "192.168.0.1.0" parse error during conversion from string: ParseAddr("192.168.0.1.0"): IPv4 address too long'],
    ['ip.isCanonical invalid ipv4', 'ip.isCanonical("127.0.0.1.0")', 'IP Address "127.0.0.1.0" parse error during conversion from string: ParseAddr("127.0.0.1.0"): IPv4 address too long'],
    [
      'parse invalid ipv6',
      'ip("2001:db8:::68")',
      'IP Address "2001:db8:::68" parse error during conversion from string: ParseAddr("2001:db8:::68"): each colon-separated field must have at least one digit (at ":68")',
    ],
    ['zones', 'ip("fe80::1%eth0")', 'IP address "fe80::1%eth0" with zone value is not allowed'],
    ['IPv4-mapped IPv6', 'ip("::ffff:1.2.3.4")', 'IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed'],
    ['leading zeros', 'ip("127.0.0.01")', 'IP Address "127.0.0.01" parse error during conversion from string: ParseAddr("127.0.0.01"): IPv4 field has octet with leading zero'],
  ])("fails with upstream's message: %s", (_name, expression, message) => {
    expect(celEval(expression)).toEqual({ error: message });
  });

  test('IPv6 addresses are written in RFC 5952 form (the longest run of zero groups as ::, lower case)', () => {
    expect(['2001:0DB8:0:0:1:0:0:1', '::ffff:0:0:1', '1:0:0:0:0:0:0:0', '0:0:0:0:0:0:0:1', '::1.2.3.4', 'fe80:0:0:0:1:2:3:4'].map((s) => addrString(parseAddr(s)))).toEqual([
      '2001:db8::1:0:0:1',
      '::ffff:0:0:1',
      '1::',
      '::1',
      '::102:304',
      'fe80::1:2:3:4',
    ]);
    expect(() => parseAddr('1:2:3:4:5:6:7:8:9')).toThrow('ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")');
    expect(() => parseAddr('1::2::3')).toThrow('multiple :: in address');
    expect(() => parseAddr('12345::')).toThrow('each colon-separated field must have at most 4 hex digits');
  });
});

describe("the cidr library (upstream's TestCIDR)", () => {
  test.each([
    ['parse ipv4', 'string(cidr(dyn("192.168.0.0/24")))', '192.168.0.0/24'],
    ['contains IP ipv4 (IP)', 'cidr("192.168.0.0/24").containsIP(ip("192.168.0.1"))', true],
    ['does not contain IP ipv4 (IP)', 'cidr("192.168.0.0/24").containsIP(ip("192.168.1.1"))', false],
    ['contains IP ipv4 (string)', 'cidr("192.168.0.0/24").containsIP("192.168.0.1")', true],
    ['does not contain IP ipv4 (string)', 'cidr("192.168.0.0/24").containsIP("192.168.1.1")', false],
    ['contains CIDR ipv4 (CIDR)', 'cidr("192.168.0.0/24").containsCIDR(cidr("192.168.0.0/25"))', true],
    ['does not contain IP ipv4 (CIDR)', 'cidr("192.168.0.0/24").containsCIDR(cidr("192.168.0.0/23"))', false],
    ['contains CIDR ipv4 (string)', 'cidr("192.168.0.0/24").containsCIDR("192.168.0.0/25")', true],
    ['does not contain CIDR ipv4 (string)', 'cidr("192.168.0.0/24").containsCIDR("192.168.0.0/23")', false],
    ['returns IP ipv4', 'cidr("192.168.0.0/24").ip() == ip("192.168.0.0")', true],
    ['masks masked ipv4', 'cidr("192.168.0.0/24").masked() == cidr("192.168.0.0/24")', true],
    ['masks unmasked ipv4', 'cidr("192.168.0.1/24").masked() == cidr("192.168.0.0/24")', true],
    ['returns prefix length ipv4', 'cidr("192.168.0.0/24").prefixLength()', 24n],
    ['parse ipv6', 'string(cidr("2001:db8::/32"))', '2001:db8::/32'],
    ['contains IP ipv6 (IP)', 'cidr("2001:db8::/32").containsIP(ip("2001:db8::1"))', true],
    ['does not contain IP ipv6 (IP)', 'cidr("2001:db8::/32").containsIP(ip("2001:dc8::1"))', false],
    ['contains IP ipv6 (string)', 'cidr("2001:db8::/32").containsIP("2001:db8::1")', true],
    ['does not contain IP ipv6 (string)', 'cidr("2001:db8::/32").containsIP("2001:dc8::1")', false],
    ['contains CIDR ipv6 (CIDR)', 'cidr("2001:db8::/32").containsCIDR(cidr("2001:db8::/33"))', true],
    ['does not contain IP ipv6 (CIDR)', 'cidr("2001:db8::/32").containsCIDR(cidr("2001:db8::/31"))', false],
    ['returns IP ipv6', 'cidr("2001:db8::/32").ip() == ip("2001:db8::")', true],
    ['masks unmasked ipv6', 'cidr("2001:db8:1::/32").masked() == cidr("2001:db8::/32")', true],
    ['returns prefix length ipv6', 'cidr("2001:db8::/32").prefixLength()', 32n],
    ['converting a CIDR to a string', 'string(cidr("192.168.0.0/24"))', '192.168.0.0/24'],
    ['type of CIDR is net.CIDR', 'type(cidr("192.168.0.0/24")) == net.CIDR', true],
  ])('%s: %s', (_name, expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });

  test("containsCIDR masks the other network to this one's length (kubernetes#130450, fixed in 1.33)", () => {
    expect(celEval('[cidr("192.168.0.0/16").containsCIDR("192.168.10.0/24"), cidr("192.168.0.0/16").containsCIDR("192.168.0.1/32"), cidr("192.168.1.0/24").containsCIDR("192.168.2.0/24")]')).toEqual([
      true,
      true,
      false,
    ]);
    expect(celEval('cidr("10.0.0.0/8").containsCIDR("::/0")')).toBe(false);
  });

  test("fails with upstream's messages (the parse error wrapped twice, as upstream's table shows)", () => {
    expect(celEval('cidr("192.168.0.0/")')).toEqual({
      error: 'network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("192.168.0.0/"): bad bits after slash: ""',
    });
    expect(celEval('cidr("2001:db8::/")')).toEqual({
      error: 'network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("2001:db8::/"): bad bits after slash: ""',
    });
    expect(celEval('[isCIDR("10.0.0.0/33"), isCIDR("10.0.0.0/08"), isCIDR("::ffff:1.2.3.4/120"), isCIDR("10.0.0.0")]')).toEqual([false, false, false, false]);
  });
});
