export * from "./cluster";
export { confLiteral } from "./postgres-conf";
export { generatePassword } from "./secrets";
export { ensureTlsCertificates, tlsFiles, CERT_VALIDITY_DAYS } from "./tls-certs";
export type { TlsFiles } from "./tls-certs";
export { SERVER_OS_USER } from "./os-user";
export { DEFAULT_STATE_ROOT, defaultServerDir } from "./server-dir";
export { clientFiles, serviceName } from "./client-files";
export type { ClientFiles } from "./client-files";
