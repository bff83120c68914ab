/**
 * kafkajs is an optional peer dependency: without it, importing `dstream-ts/kafka` fails with an
 * error that names the install command (the consumer suite, test/package, imports the packed
 * entry without kafkajs installed).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DStreamError } from '../../../src/index.js';
import { KAFKAJS_INSTALL, loadKafkajs } from '../../../src/input/kafka/load-kafkajs.js';

/** What Node's require throws for `id` when it is not installed. */
function notFound(id: string): Error {
  try {
    createRequire(import.meta.url)(id);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${id} is installed`);
}

describe('loadKafkajs', () => {
  it('returns kafkajs when it is installed', () => {
    expect(typeof loadKafkajs().Kafka).toBe('function');
  });

  it('names the install command when kafkajs is missing', () => {
    const missing = notFound('kafkajs-is-not-installed').message.replace(
      'kafkajs-is-not-installed',
      'kafkajs',
    );
    const load = (): never => {
      throw Object.assign(new Error(missing), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => loadKafkajs(load)).toThrow(DStreamError);
    expect(() => loadKafkajs(load)).toThrow(
      'dstream-ts/kafka needs the kafkajs package, an optional peer dependency that is not installed: run `npm install kafkajs`',
    );
    expect(KAFKAJS_INSTALL).toBe('npm install kafkajs');
  });

  it('lets other failures through, such as a dependency of kafkajs that is missing', () => {
    const inner = Object.assign(new Error("Cannot find module 'long'"), {
      code: 'MODULE_NOT_FOUND',
    });
    expect(() =>
      loadKafkajs(() => {
        throw inner;
      }),
    ).toThrow(inner);
  });
});
