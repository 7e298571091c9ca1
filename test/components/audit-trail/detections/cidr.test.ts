import { addressInCidrs, parseCidr } from "../../../../components/audit-trail";
import { cidrAddressPrefixes, formatIpv6 } from "../../../../components/audit-trail/detections/cidr-filter-terms";

test.each([
    ["10.1.2.3", ["10.0.0.0/8"], true],
    ["11.0.0.1", ["10.0.0.0/8"], false],
    ["172.31.255.255", ["172.16.0.0/12"], true],
    ["172.32.0.0", ["172.16.0.0/12"], false],
    ["127.0.0.1", ["127.0.0.1/32"], true],
    ["127.0.0.2", ["127.0.0.1/32"], false],
    ["::1", ["::1/128"], true],
    ["::2", ["::1/128"], false],
    ["fd12:3456::1", ["fc00::/7"], true],
    ["fe80::1", ["fc00::/7"], false],
    ["2001:db8:0:1::5", ["2001:db8::/32"], true],
    ["2001:db9::5", ["2001:db8::/32"], false],
    ["::ffff:10.0.0.7", ["10.0.0.0/8"], true],
    ["64:ff9b::10.0.0.7", ["64:ff9b::/96"], true],
    ["fe80::1%eth0", ["fe80::/10"], true],
    ["10.0.0.1", ["::/0"], false],
    ["::1", ["0.0.0.0/0"], false],
    ["not-an-address", ["0.0.0.0/0"], false],
])("%s in %j: %s", (address, cidrs, inside) => {
    expect(addressInCidrs(address, cidrs)).toBe(inside);
});

test("a CIDR's host bits are masked off; a bare address or a long prefix is not a CIDR", () => {
    expect(parseCidr("10.1.2.3/8")).toEqual({ family: 4, network: 10n << 24n, prefix: 8, text: "10.1.2.3/8" });
    expect(parseCidr("10.0.0.1")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("256.0.0.0/8")).toBeUndefined();
});

test("IPv6 text as inet_ntop writes it: the longest zero run compressed, a single zero group kept", () => {
    const v = (s: string) => parseCidr(`${s}/128`)!.network;
    expect(formatIpv6(v("0:0:0:0:0:0:0:1"))).toBe("::1");
    expect(formatIpv6(v("2001:db8:0:1:0:0:0:5"))).toBe("2001:db8:0:1::5");
    expect(formatIpv6(v("2001:db8:1:1:1:1:0:1"))).toBe("2001:db8:1:1:1:1:0:1");
});

test("allowed ranges as address prefixes for filter patterns, widened to octet or nibble boundaries", () => {
    expect(cidrAddressPrefixes("10.0.0.0/8")).toEqual(["10."]);
    expect(cidrAddressPrefixes("172.16.0.0/12")).toEqual(Array.from({ length: 16 }, (_, i) => `172.${16 + i}.`));
    expect(cidrAddressPrefixes("127.0.0.1/32")).toEqual(["127.0.0.1("]);
    expect(cidrAddressPrefixes("::1/128")).toEqual(["::1("]);
    expect(cidrAddressPrefixes("fc00::/7")).toEqual(["fc", "fd"]);
    expect(cidrAddressPrefixes("2001:db8::/32")).toEqual(["2001:db8:"]);
});

test("ranges no short prefix list names exactly are refused", () => {
    expect(cidrAddressPrefixes("0.0.0.0/0")).toBeUndefined();
    expect(cidrAddressPrefixes("10.0.0.0/1")).toBeUndefined();
    // A first group under 0x1000 is written with fewer digits, so its leading digits aren't a fixed prefix.
    expect(cidrAddressPrefixes("0100::/8")).toBeUndefined();
    // A zero group can be compressed away.
    expect(cidrAddressPrefixes("2001:0::/32")).toBeUndefined();
    expect(cidrAddressPrefixes("2001:db8::/33")).toBeUndefined();
});
