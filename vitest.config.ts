import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The package's own name resolves to src/ in this checkout (examples import 'dstream-ts', as
// users do; tsconfig.json's `paths` say the same to tsc and tsx).
const selfReference = {
  alias: [
    { find: /^dstream-ts$/, replacement: fileURLToPath(new URL('src/index.ts', import.meta.url)) },
    {
      find: /^dstream-ts\/testing$/,
      replacement: fileURLToPath(new URL('src/testing/index.ts', import.meta.url)),
    },
    {
      find: /^dstream-ts\/kafka$/,
      replacement: fileURLToPath(new URL('src/input/kafka/index.ts', import.meta.url)),
    },
  ],
};

// Settings every project shares (vitest's `projects` do not inherit the root `test` block here).
const shared = {
  setupFiles: ['./vitest.setup.ts'],
  allowOnly: false,
  testTimeout: 30_000,
};

export default defineConfig({
  test: {
    // Three projects, so the Kafka broker starts only when Kafka suites run and the package is
    // built and packed only for the package suites: `npm test` (vitest run) runs all three;
    // `vitest run --project default` skips both, `--project kafka` or `--project package` runs one.
    projects: [
      {
        resolve: selfReference,
        test: {
          ...shared,
          name: 'default',
          // examples/*.test.ts: runnable documentation (the README's testing section).
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ['test/kafka/**', 'test/package/**', '**/node_modules/**'],
          typecheck: {
            enabled: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        resolve: selfReference,
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
      {
        test: {
          ...shared,
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          // Builds and packs the package, then installs the tarball into one scratch consumer
          // project that every test of the project shares; tests read it with inject('consumer').
          globalSetup: ['./test/package/global-setup.ts'],
          // tsc, attw and typedoc runs take seconds each, many more on a machine shared by others.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
    // The JSON report feeds the plain `N passed, M failed` line that .ci/run prints.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
