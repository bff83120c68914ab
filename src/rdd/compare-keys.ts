/**
 * The natural ordering of keys, Scala's implicit `Ordering` for the types a Key can hold: numbers
 * numerically, strings by UTF-16 code unit (Java's `compareTo`), `false < true`, dates by time and
 * tuples element by element. Values of different types order by type, `null`/`undefined` first.
 */
export function compareKeys(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  switch (rankA) {
    case 1:
    case 2:
    case 3:
    case 4:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 5:
      return (a as Date).getTime() - (b as Date).getTime();
    case 6:
      return compareArrays(a as readonly unknown[], b as readonly unknown[]);
    default:
      return 0;
  }
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareKeys(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const PRIMITIVE_RANK: Readonly<Record<string, number>> = {
  boolean: 1,
  number: 2,
  bigint: 3,
  string: 4,
};

function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const primitive = PRIMITIVE_RANK[typeof value];
  if (primitive !== undefined) return primitive;
  if (value instanceof Date) return 5;
  if (Array.isArray(value)) return 6;
  return 7;
}
