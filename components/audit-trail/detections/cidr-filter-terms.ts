import { Cidr, parseCidr } from "./cidr";

/**
 * The texts an address in `cidr` starts with, as PostgreSQL prints a client address (inet_ntop: IPv4 dotted decimal,
 * IPv6 lower-case, leading zeros dropped, the longest run of two or more zero groups as `::`), so a filter pattern can
 * name the range by prefix. A /32 or /128 ends with `(`, the start of `%r`'s port. Undefined when no short list of
 * prefixes names exactly the range (e.g. an IPv6 range whose first group can be written in fewer than four digits).
 */
export function cidrAddressPrefixes(text: string, maxTerms = 64): string[] | undefined {
    const cidr = parseCidr(text);
    if (!cidr) {
        return undefined;
    }
    return cidr.family === 4 ? ipv4Prefixes(cidr, maxTerms) : ipv6Prefixes(cidr, maxTerms);
}

function ipv4Prefixes(cidr: Cidr, maxTerms: number): string[] | undefined {
    if (cidr.prefix === 32) {
        return [`${octets(cidr.network).join(".")}(`];
    }
    // Widen to the next octet boundary: a /12 is sixteen /16s.
    const boundary = Math.ceil(cidr.prefix / 8) * 8;
    const count = 2 ** (boundary - cidr.prefix);
    if (boundary === 0 || count > maxTerms) {
        return undefined;
    }
    return Array.from({ length: count }, (_, i) => {
        const network = cidr.network + (BigInt(i) << BigInt(32 - boundary));
        return `${octets(network).slice(0, boundary / 8).join(".")}.`;
    });
}

function ipv6Prefixes(cidr: Cidr, maxTerms: number): string[] | undefined {
    if (cidr.prefix === 128) {
        return [`${formatIpv6(cidr.network)}(`];
    }
    const groups = hextets(cidr.network);
    if (cidr.prefix <= 16) {
        const boundary = Math.max(4, Math.ceil(cidr.prefix / 4) * 4);
        const count = 2 ** (boundary - cidr.prefix);
        // Only a first group of four digits is written at a fixed width, so its leading nibbles are a text prefix.
        if (count > maxTerms || groups[0] < 0x1000) {
            return undefined;
        }
        return Array.from({ length: count }, (_, i) => {
            const first = groups[0] + (i << (16 - boundary));
            const digits = first.toString(16).padStart(4, "0").slice(0, boundary / 4);
            return boundary === 16 ? `${digits}:` : digits;
        });
    }
    // A whole-group prefix with no zero group can't be shortened by `::`, so its text is fixed.
    const whole = cidr.prefix / 16;
    if (cidr.prefix % 16 === 0 && groups.slice(0, whole).every((g) => g !== 0)) {
        return [`${groups.slice(0, whole).map((g) => g.toString(16)).join(":")}:`];
    }
    return undefined;
}

function octets(value: bigint): number[] {
    return [24n, 16n, 8n, 0n].map((shift) => Number((value >> shift) & 0xffn));
}

function hextets(value: bigint): number[] {
    return Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
}

/** RFC 5952 text, as glibc's inet_ntop writes it (a single zero group is not compressed). */
export function formatIpv6(value: bigint): string {
    const groups = hextets(value);
    let best = { start: -1, length: 0 };
    for (let i = 0; i < 8; ) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) {
            j++;
        }
        if (j - i > best.length) {
            best = { start: i, length: j - i };
        }
        i = j;
    }
    const text = groups.map((g) => g.toString(16));
    if (best.length < 2) {
        return text.join(":");
    }
    return `${text.slice(0, best.start).join(":")}::${text.slice(best.start + best.length).join(":")}`;
}
