/** Unit and database tests. Type checking is `tsc --noEmit` (run by setup), so jest only transpiles. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  testTimeout: 60000,
  // Much of the suite waits on PostgreSQL and child processes: two workers on 2 cores took 2m40s against 3m55s with one.
  maxWorkers: 2,
};
