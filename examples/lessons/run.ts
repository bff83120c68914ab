/**
 * `npm run lesson -- <name> [options]`: run the lesson `examples/lessons/<name>.ts` with the
 * options after its name. Without a name, or with an unknown one, it lists the lessons.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIRECTORY = fileURLToPath(new URL('.', import.meta.url));

/** Every lesson: the `.ts` files of this directory but this one. */
export function lessonNames(): string[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
    .map((file) => file.slice(0, -3))
    .sort();
}

const [name, ...args] = process.argv.slice(2);
const lessons = lessonNames();
if (name === undefined || !lessons.includes(name)) {
  console.error(
    `${name === undefined ? 'Which lesson?' : `No lesson ${name}.`} ` +
      `Usage: npm run lesson -- <name> [options]\nLessons (see examples/lessons/README.md):\n` +
      lessons.map((lesson) => `  ${lesson}`).join('\n'),
  );
  process.exitCode = 1;
} else {
  const lesson = (await import(`./${name}.ts`)) as { main(args: string[]): Promise<void> };
  await lesson.main(args);
}
