/**
 * A problem of the machine or of the request that the user can fix (a busy port, a directory the server cannot reach,
 * a read-only file system, a missing program). The message names the flag or path, the real cause and the fix; the
 * CLI prints it as one line and exits 2.
 */
export class LocalTwinError extends Error {
    constructor(message: string) {
        super(message);
        this.name = new.target.name;
    }
}
