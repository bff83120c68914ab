/**
 * A number as Java's `Double.toString` writes it (`1.0`, `0.5`, `1.0E7`, `1.5E-4`), for the
 * messages and renderings Spark builds from doubles.
 */
export function javaDoubleString(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const text = Object.is(x, -0) ? '-0' : String(x);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = ''] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
