/**
 * `npm run lesson -- <name>`: lists the lessons when the name is missing or unknown, and runs a
 * lesson on the wall clock as a student would (each lesson's blocks are checked exactly, in virtual
 * time, by test/examples/lessons/ and test/kafka/).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lessonNames } from '../../examples/lessons/run.js';

const run = promisify(execFile);
const DASHES = '-'.repeat(43);

describe('npm run lesson', () => {
  it('has the twelve lessons of the issue (thirteen files: the Kafka lesson is two)', () => {
    expect(lessonNames()).toEqual([
      'bolsa-windows',
      'dstream-actions',
      'hashtags-transform',
      'kafka-login-join',
      'kafka-tweets',
      'min-max-temperatures',
      'open-close-actions',
      'rate-source',
      'socket-word-count-windows',
      'trending-by-author',
      'tweets-file-stream',
      'visits-queue-stream',
      'visits-window',
    ]);
  });

  it('lists the lessons and fails without a known name', async () => {
    const failure = (await run('npm', ['run', 'lesson', '--silent', '--', 'no-such-lesson']).then(
      () => undefined,
      (error: unknown) => error,
    )) as { code: number; stderr: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('No lesson no-such-lesson. Usage: npm run lesson -- <name>');
    for (const name of lessonNames()) expect(failure?.stderr).toContain(`  ${name}\n`);
  });

  it('runs a lesson on the wall clock', async () => {
    const { stdout } = await run('npm', ['run', 'lesson', '--silent', '--', 'hashtags-transform'], {
      timeout: 60_000,
    });
    const lines = stdout.split('\n');
    expect(lines.filter((line) => line === DASHES)).toHaveLength(4);
    expect(
      lines.filter((line) => /^Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(line)),
    ).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('('))).toEqual([
      "(2, 'MorataDimision')",
      "(1, 'Volcan')",
      "(1, 'MorataDeMiVida')",
      "(1, 'Qatar2022')",
    ]);
  });
});
