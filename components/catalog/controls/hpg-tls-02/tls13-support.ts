import { tlsRank } from "../../facts/tls";
import { FAMILIES, Family } from "../../facts/types";

/**
 * RDS for PostgreSQL supports TLS 1.3 only from PostgreSQL 16, so a TLSv1.3 minimum on an older family leaves no
 * protocol both sides accept (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html).
 */
export const TLS13_FAMILIES: readonly Family[] = FAMILIES.filter((family) => Number(family.replace("postgres", "")) >= 16);

/** What is wrong with `ssl_min_protocol_version` = `value` on `family` (TLS 1.3 before postgres16), if anything. */
export function tls13SupportProblem(family: string, value: string | undefined): string | undefined {
    if (tlsRank(value) < tlsRank("TLSv1.3") || TLS13_FAMILIES.includes(family as Family)) {
        return undefined;
    }
    return `ssl_min_protocol_version '${value}' is not supported on ${family}: RDS supports TLS 1.3 only from PostgreSQL 16`;
}
