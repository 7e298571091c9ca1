/** TLS protocol versions as PostgreSQL spells them in `ssl_min_protocol_version`, oldest first. */
export const TLS_VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Rank of a TLS version, -1 when the text is not one PostgreSQL accepts. Case-insensitive, as PostgreSQL's enum GUCs are. */
export function tlsRank(value: string | undefined): number {
    if (value === undefined) {
        return -1;
    }
    const wanted = value.trim().toLowerCase();
    return TLS_VERSIONS.findIndex((v) => v.toLowerCase() === wanted);
}

/** Rank of a version as `pg_stat_ssl.version` reports it (e.g. "TLSv1.3"). */
export function tlsAtLeast(value: string | undefined, minimum: TlsVersion): boolean {
    return tlsRank(value) >= tlsRank(minimum);
}

/** libpq sslmodes that verify the server's certificate; every other mode accepts an impostor (HPG-TLS-04). */
export const VERIFYING_SSLMODES: readonly string[] = ["verify-full", "verify-ca"];
