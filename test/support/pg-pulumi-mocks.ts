// One Pulumi mock harness: this file only keeps the old names for test/components/database-access/renderings-match.db.test.ts
// until it imports from ./pulumi-mocks; then delete it.
import { PulumiRecorder, RecordedResource } from "./pulumi-mocks";

export { MASTER_SECRET, isSecret, valueOf } from "./pulumi-mocks";
export type RegisteredResource = RecordedResource;

/** Installs the mock runtime; returns the list the program fills as it registers resources. */
export function mockPulumi(): RegisteredResource[] {
    return new PulumiRecorder().install().resources;
}
