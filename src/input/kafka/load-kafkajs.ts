import { createRequire } from 'node:module';
import type * as KafkaJS from 'kafkajs';
import { DStreamError } from '../../errors.js';

/** The command that installs the optional peer dependency, named in the error. */
export const KAFKAJS_INSTALL = 'npm install kafkajs';

/**
 * kafkajs, an optional peer dependency of `dstream-ts/kafka`, loaded when that entry is imported.
 * A static `import` of a missing package fails while Node links the modules, with a bare "Cannot
 * find package 'kafkajs'"; a synchronous require (kafkajs is CommonJS, so both of its entries are
 * the same module) fails here instead, where the error can say what to install. It stays
 * synchronous so that `require('dstream-ts/kafka')` keeps working (no top-level await).
 */
export function loadKafkajs(
  load: (id: string) => unknown = createRequire(import.meta.url),
): typeof KafkaJS {
  try {
    return load('kafkajs') as typeof KafkaJS;
  } catch (error) {
    if (isMissing(error, 'kafkajs')) {
      throw new DStreamError(
        `dstream-ts/kafka needs the kafkajs package, an optional peer dependency that is not installed: run \`${KAFKAJS_INSTALL}\``,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Whether `error` says `name` itself cannot be found (not a file inside it, nor a dependency of it). */
function isMissing(error: unknown, name: string): boolean {
  if (!(error instanceof Error) || !('code' in error) || error.code !== 'MODULE_NOT_FOUND') {
    return false;
  }
  return error.message.startsWith(`Cannot find module '${name}'`);
}
