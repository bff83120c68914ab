import { createRequire } from 'node:module';
import type * as Rx from 'rxjs';

let loaded: typeof Rx | undefined;

/**
 * Return the rxjs module, loaded on first use. Its root entry loads every operator (about 100 ms,
 * several times that on a busy machine), so a program that never calls the RxJS interop does not
 * pay for it at start-up. Under Node, rxjs's `import` and `require` entries are both its CommonJS
 * build, so this is the same instance a user's `import ... from 'rxjs'` gets.
 *
 * @example
 * ```ts
 * const { Subject } = rxjs();
 * ```
 */
export function rxjs(): typeof Rx {
  loaded ??= createRequire(import.meta.url)('rxjs') as typeof Rx;
  return loaded;
}
