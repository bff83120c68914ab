import { defineConfig } from 'vitest/config';

// Settings every project shares (vitest's `projects` do not inherit the root `test` block here).
const shared = {
  setupFiles: ['./vitest.setup.ts'],
  allowOnly: false,
  testTimeout: 30_000,
};

export default defineConfig({
  test: {
    // Two projects so the Kafka broker starts only when Kafka suites run: `npm test` (vitest run)
    // runs both; `vitest run --project default` skips Kafka, `--project kafka` runs only Kafka.
    projects: [
      {
        test: {
          ...shared,
          name: 'default',
          // examples/*.test.ts: runnable documentation (the README's testing section).
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ['test/kafka/**', '**/node_modules/**'],
          typecheck: {
            enabled: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        test: {
          ...shared,
          name: 'kafka',
          include: ['test/kafka/**/*.test.ts'],
          // Starts a real broker (scripts/kafka/broker.mjs) unless KAFKA_BROKERS is set; tests read
          // the address with inject('kafkaBrokers').
          globalSetup: ['./test/kafka/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
    // The JSON report feeds the plain `N passed, M failed` line that .ci/run prints.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
