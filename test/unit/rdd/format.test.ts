import { describe, expect, it } from 'vitest';
import { formatElement, markAsList } from '../../../src/rdd/format.js';

describe("formatElement(value, 'python'): PySpark's print", () => {
  it.each<[unknown, string]>([
    ['Store', 'Store'],
    ["it's", "it's"],
    [['Store', 4], "('Store', 4)"],
    [[4, 'Store'], "(4, 'Store')"],
    [[['a', 'b'], 1], "(('a', 'b'), 1)"],
    [['word', ['x', 2]], "('word', ('x', 2))"],
    [[1, 2, 3], '(1, 2, 3)'],
    [[1], '(1,)'],
    [[], '()'],
    [['k', [1, 2, 3]], "('k', (1, 2, 3))"],
    [['k', markAsList([1, 2, 3])], "('k', [1, 2, 3])"],
    [markAsList([]), '[]'],
    [null, 'None'],
    [undefined, 'None'],
    [true, 'True'],
    [false, 'False'],
    [[null, true], '(None, True)'],
    [['k', undefined], "('k', None)"],
    [42, '42'],
    [-1.5, '-1.5'],
    [Number.NaN, 'nan'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [10n, '10'],
  ])('case %# renders as %s', (value, expected) => {
    expect(formatElement(value, 'python')).toBe(expected);
  });

  it('quotes nested strings as Python repr does', () => {
    expect(formatElement(["it's", 1], 'python')).toBe(`("it's", 1)`);
    expect(formatElement(['say "hi"', 1], 'python')).toBe(`('say "hi"', 1)`);
    expect(formatElement([`it's "x"`, 1], 'python')).toBe(`('it\\'s "x"', 1)`);
    expect(formatElement(['a\nb\tc', 1], 'python')).toBe(`('a\\nb\\tc', 1)`);
    expect(formatElement(['a\rb', 1], 'python')).toBe(`('a\\rb', 1)`);
    expect(formatElement(['back\\slash', 1], 'python')).toBe(`('back\\\\slash', 1)`);
    expect(formatElement(['', 'é'], 'python')).toBe(`('', 'é')`);
  });

  it('prints maps, sets and objects as Python dicts and sets', () => {
    expect(
      formatElement(
        new Map<string, number>([
          ['a', 1],
          ['b', 2],
        ]),
        'python',
      ),
    ).toBe("{'a': 1, 'b': 2}");
    expect(formatElement(new Set([1, 2]), 'python')).toBe('{1, 2}');
    expect(formatElement(new Set(), 'python')).toBe('set()');
    expect(formatElement({ k: 'v', n: [1, 2] }, 'python')).toBe("{'k': 'v', 'n': (1, 2)}");
    expect(formatElement(['k', new Map([[1, markAsList(['x'])]])], 'python')).toBe(
      "('k', {1: ['x']})",
    );
  });
});

describe("formatElement(value, 'scala'): Scala's toString", () => {
  it.each<[unknown, string]>([
    ['Store', 'Store'],
    [['Store', 4], '(Store,4)'],
    [[['a', 1], 2], '((a,1),2)'],
    [['k', ['x', 'y']], '(k,(x,y))'],
    [[1, 2, 3], '(1,2,3)'],
    [null, 'null'],
    [undefined, 'None'],
    [['k', undefined], '(k,None)'],
    [true, 'true'],
    [false, 'false'],
    [42, '42'],
    [1.5, '1.5'],
    [10n, '10'],
    ['it\'s "quoted"', 'it\'s "quoted"'],
  ])('case %# renders as %s', (value, expected) => {
    expect(formatElement(value, 'scala')).toBe(expected);
  });

  it('prints maps and sets as Scala collections', () => {
    expect(
      formatElement(
        new Map<string, number>([
          ['a', 1],
          ['b', 2],
        ]),
        'scala',
      ),
    ).toBe('Map(a -> 1, b -> 2)');
    expect(formatElement(new Set(['x', 'y']), 'scala')).toBe('Set(x, y)');
    expect(formatElement(['k', new Set([1])], 'scala')).toBe('(k,Set(1))');
  });
});
