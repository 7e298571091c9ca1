/** The server refused a check's query (most often: the verifying role lacks a privilege). */
export class CheckQueryError extends Error {
    constructor(
        public readonly title: string,
        message: string,
        public readonly sqlstate?: string,
    ) {
        super(message);
        this.name = "CheckQueryError";
    }
}

