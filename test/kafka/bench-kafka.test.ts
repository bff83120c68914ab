/**
 * The Kafka benchmark workload (bench/workloads/kafka.ts) at a tiny size against the real broker:
 * the direct stream and the bare kafkajs consumer read the same records, and the same bytes, from
 * the topic it fills. No timing is asserted.
 */
import { describe, expect, inject, it } from 'vitest';
import { kafka } from '../../bench/workloads/kafka.js';

describe('Kafka benchmark workload', () => {
  it('reads every record through the direct stream and through a bare kafkajs consumer', async () => {
    const params = { ...kafka.tiny, brokers: inject('kafkaBrokers') };
    const [direct, bare] = await kafka.create(params);
    if (direct === undefined || bare === undefined) throw new Error('two implementations expected');
    await direct.batch();
    await bare.batch();
    const expected = direct.output() as { records: number; bytes: number };
    expect(expected.records).toBe(params.records);
    expect(expected.bytes).toBeGreaterThan(params.records);
    expect(bare.output()).toEqual(expected);
    await bare.close?.();
  });
});
