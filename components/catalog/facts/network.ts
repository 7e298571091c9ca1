import { isIPv6 } from "net";

/** The port PostgreSQL listens on; HPG-NET-01 limits who may reach it. */
export const POSTGRES_PORT = 5432;

/** RFC 1918 private IPv4 ranges: the only CIDRs HPG-NET-01 lets reach PostgreSQL. */
export const RFC1918_CIDRS: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** IPv6 unique local addresses (RFC 4193), IPv6's counterpart of RFC 1918. */
export const IPV6_ULA_CIDR = "fc00::/7";

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function ipv4ToInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** RFC1918_CIDRS as [network, prefix]. */
const PRIVATE_IPV4_RANGES: [number, number][] = RFC1918_CIDRS.map((cidr) => {
    const [network, prefix] = cidr.split("/");
    return [ipv4ToInt(network), Number(prefix)];
});

/** Whether `cidr` is a well-formed IPv4 CIDR inside an RFC 1918 range. */
export function isPrivateCidr(cidr: string): boolean {
    const m = IPV4_CIDR.exec(cidr);
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
        return false;
    }
    const ip = ipv4ToInt(m.slice(1, 5).join("."));
    const prefix = Number(m[5]);
    return PRIVATE_IPV4_RANGES.some(([net, netPrefix]) => prefix >= netPrefix && Math.floor(ip / 2 ** (32 - netPrefix)) === Math.floor(net / 2 ** (32 - netPrefix)));
}

/** Whether `cidr` is a well-formed IPv6 CIDR inside fc00::/7 (so `::/0` and global unicast ranges are not). */
export function isPrivateIpv6Cidr(cidr: string): boolean {
    const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr);
    if (!m || !isIPv6(m[1]) || Number(m[2]) > 128) {
        return false;
    }
    const [ulaNetwork, ulaPrefix] = IPV6_ULA_CIDR.split("/");
    // A valid address that starts with "::" has a zero first hextet; otherwise the text before the first ':' is it.
    const firstHextet = m[1].startsWith("::") ? 0 : parseInt(m[1].split(":")[0], 16);
    const ulaFirstHextet = parseInt(ulaNetwork.split(":")[0], 16);
    const mask = (0xffff << (16 - Number(ulaPrefix))) & 0xffff;
    return Number(m[2]) >= Number(ulaPrefix) && (firstHextet & mask) === (ulaFirstHextet & mask);
}
