import * as net from "net";

/** A loopback TCP port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

/**
 * Why `port` cannot be bound on 127.0.0.1 right now (`EADDRINUSE`, `EACCES`, …), or undefined when it can. A bind
 * test, the same thing the server does at start; a listener on 0.0.0.0 or on 127.0.0.1 both make it fail on Linux.
 */
export function portBindError(port: number): Promise<string | undefined> {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.unref();
        server.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(undefined)));
    });
}
