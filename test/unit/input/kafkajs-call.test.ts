// How calls to kafkajs are retried (issue 12, observation 9): a consumer that could not join its
// group while the coordinator was loading crashed with kafkajs's "retries exceeded" error, whose
// own `retriable` is false although its cause (GROUP_LOAD_IN_PROGRESS) is retriable; the read
// failed at once and the job died. The errors here are kafkajs's own classes, built as kafkajs
// builds them from a broker's error code.
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../../src/input/kafka/index.js';
import { isRetriable, kafkaCall } from '../../../src/input/kafka/kafkajs-call.js';

const { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

const RETRY = { retries: 3, initialRetryTime: 1, maxRetryTime: 2 };

function protocolError(type: string, code: number, retriable: boolean): Error {
  // As kafkajs's createErrorFromCode describes a broker error code.
  return new KafkaJSProtocolError(
    Object.assign(new Error(`broker said ${type}`), { type, code, retriable }),
  );
}

/** What kafkajs's consumer reports once its own retries of a join are spent. */
function joinGaveUp(): Error {
  return new KafkaJSNumberOfRetriesExceeded(
    protocolError('COORDINATOR_LOAD_IN_PROGRESS', 14, true),
    {
      retryCount: 5,
      retryTime: 3000,
    },
  );
}

/** A call that fails with the given errors, one per attempt, then returns 'ok'. */
function failing(...errors: Error[]): { call: () => Promise<string>; attempts: () => number } {
  let attempts = 0;
  return {
    call: () => {
      const error = errors[attempts++];
      return error === undefined ? Promise.resolve('ok') : Promise.reject(error);
    },
    attempts: () => attempts,
  };
}

describe('kafkaCall', () => {
  it('retries an error whose root cause is retriable, also once kafkajs gave up on it', async () => {
    const { call, attempts } = failing(joinGaveUp(), joinGaveUp());
    expect(await kafkaCall('Reading t-0', call, RETRY)).toBe('ok');
    expect(attempts()).toBe(3);
  });

  it('retries a crashed consumer error that reached us as a KafkaError', async () => {
    const crashed = new KafkaError('The Kafka consumer of t crashed', {
      retriable: false,
      cause: joinGaveUp(),
    });
    const { call, attempts } = failing(crashed);
    expect(await kafkaCall('Reading t-0', call, RETRY)).toBe('ok');
    expect(attempts()).toBe(2);
  });

  it('fails at once, typed, on an error that is not retriable', async () => {
    const { call, attempts } = failing(protocolError('UNKNOWN_MEMBER_ID', 25, false));
    const failure = kafkaCall('Committing offsets to group g', call, RETRY);
    await expect(failure).rejects.toThrow(
      'Committing offsets to group g failed: broker said UNKNOWN_MEMBER_ID',
    );
    await expect(failure).rejects.toBeInstanceOf(KafkaError);
    expect(attempts()).toBe(1);
  });

  it('gives up after the policy retries, with the last error', async () => {
    const { call, attempts } = failing(...Array.from({ length: 5 }, joinGaveUp));
    await expect(kafkaCall('Reading t-0', call, RETRY)).rejects.toThrow(
      'Reading t-0 failed: broker said COORDINATOR_LOAD_IN_PROGRESS',
    );
    expect(attempts()).toBe(4);
  });
});

describe('isRetriable', () => {
  it('follows kafkajs causes to the broker error', () => {
    expect(isRetriable(joinGaveUp())).toBe(true);
    expect(isRetriable(protocolError('GROUP_LOAD_IN_PROGRESS', 14, true))).toBe(true);
    expect(isRetriable(protocolError('UNKNOWN_MEMBER_ID', 25, false))).toBe(false);
    expect(isRetriable(new Error('not kafkajs'))).toBe(false);
  });
});
