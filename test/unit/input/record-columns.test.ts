// The compact form of a read Kafka range: records come back exactly as appended, keys and headers
// included when only some records have them, across the growth of the typed arrays.
import { describe, expect, it } from 'vitest';
import { RecordColumns, type ConsumerRecord } from '../../../src/input/kafka/index.js';

describe('RecordColumns', () => {
  it('builds every record as appended, with sparse keys, headers and null values', () => {
    const columns = new RecordColumns('t', 3);
    const expected: ConsumerRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const key = i >= 1500 && i % 7 === 0 ? Buffer.from(`k${i}`) : null;
      const value = i % 11 === 0 ? null : Buffer.from(`v${i}`);
      const headers = i >= 2000 && i % 5 === 0 ? { trace: `h${i}` } : {};
      columns.append(100 + i, 1_700_000_000_000 + i, key, value, headers);
      expected.push({
        topic: 't',
        partition: 3,
        offset: 100 + i,
        timestamp: 1_700_000_000_000 + i,
        key,
        value,
        headers,
      });
    }
    const built: ConsumerRecord[] = [];
    columns.forEach((record) => built.push(record));
    expect(columns.length).toBe(3000);
    expect(columns.firstOffset).toBe(100);
    expect(built).toEqual(expected);
    expect(columns.get(2005)).toEqual(expected[2005]);
  });

  it('holds no record when nothing was appended', () => {
    const columns = new RecordColumns('t', 0);
    expect(columns.length).toBe(0);
    expect(columns.firstOffset).toBeUndefined();
  });
});
