/** Fail loudly when an internal invariant breaks: this is never the user's fault. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(`${message}. This is likely a bug in dstream-ts; please report it.`);
  }
}
