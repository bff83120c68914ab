// The types of the kit's matchers, registered in vitest.setup.ts (as the kit's README shows users).
import type { BatchMatchers } from '../../src/testing/index.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends BatchMatchers<T> {}
}
