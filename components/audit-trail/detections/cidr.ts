import { isIPv4, isIPv6 } from "net";

/** A parsed CIDR: the address as a 32- or 128-bit number, and the prefix length. */
export interface Cidr {
    family: 4 | 6;
    network: bigint;
    prefix: number;
    text: string;
}

/** Parses `a.b.c.d/n` or `x:…/n`; undefined when it isn't one (a bare address is not a CIDR). */
export function parseCidr(text: string): Cidr | undefined {
    const slash = text.lastIndexOf("/");
    if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) {
        return undefined;
    }
    const address = parseAddress(text.slice(0, slash));
    const prefix = Number(text.slice(slash + 1));
    if (!address || prefix > (address.family === 4 ? 32 : 128)) {
        return undefined;
    }
    return { family: address.family, network: address.value & mask(address.family, prefix), prefix, text };
}

/** An IPv4 or IPv6 address as a number; an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is read as its IPv4 address. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | undefined {
    if (isIPv4(text)) {
        return { family: 4, value: text.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n) };
    }
    // PostgreSQL prints a zone index (`fe80::1%eth0`) for link-local clients; the address is what the CIDR judges.
    const bare = text.split("%")[0];
    if (!isIPv6(bare)) {
        return undefined;
    }
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) {
        return parseAddress(mapped[1]);
    }
    return { family: 6, value: ipv6Value(bare) };
}

/** Whether `address` lies in any of the CIDRs (texts that don't parse are ignored; settings validation rejects them). */
export function addressInCidrs(address: string, cidrs: readonly string[]): boolean {
    const parsed = parseAddress(address);
    if (!parsed) {
        return false;
    }
    return cidrs.some((text) => {
        const cidr = parseCidr(text);
        return cidr !== undefined && cidr.family === parsed.family && (parsed.value & mask(cidr.family, cidr.prefix)) === cidr.network;
    });
}

function mask(family: 4 | 6, prefix: number): bigint {
    const bits = family === 4 ? 32n : 128n;
    const all = (1n << bits) - 1n;
    return (all >> (bits - BigInt(prefix))) << (bits - BigInt(prefix));
}

function ipv6Value(text: string): bigint {
    let groups: string[];
    // A trailing dotted quad holds the last 32 bits.
    const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    let tail: string[] = [];
    let head = text;
    if (dotted) {
        const v4 = dotted[1].split(".").map(Number);
        tail = [((v4[0] << 8) | v4[1]).toString(16), ((v4[2] << 8) | v4[3]).toString(16)];
        head = text.slice(0, text.length - dotted[1].length);
        head = head.endsWith("::") ? head : head.slice(0, -1);
    }
    const [left, right] = head.includes("::") ? head.split("::") : [head, undefined];
    const leftGroups = left ? left.split(":") : [];
    const rightGroups = right !== undefined ? (right ? right.split(":") : []) : [];
    const explicit = [...leftGroups, ...rightGroups, ...tail];
    if (right !== undefined) {
        groups = [...leftGroups, ...Array(8 - explicit.length).fill("0"), ...rightGroups, ...tail];
    } else {
        groups = explicit;
    }
    return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
