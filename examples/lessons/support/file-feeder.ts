/**
 * Fills the directory a lesson's file stream watches, one file per batch, as a student dropping
 * files in would: each file is written under a hidden name (file streams skip names that start
 * with `.`) and then renamed, since Spark's file streams want files to appear atomically.
 */
import { renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamingContext } from 'dstream-ts';

/** A file to drop into the watched directory. */
export interface FeedFile {
  readonly name: string;
  readonly text: string;
}

/**
 * Move `files[k]` into `directory` right after the k-th batch completes, stamped with that batch's
 * time, so the next batch reads it: the first batch sees an empty directory, batch k + 1 reads file
 * k. (A file stream takes a file whose modification time is after the previous batch's time and
 * not after its own; this library also leaves alone a file modified less than a batch interval ago
 * by the wall clock, which the batch's own time never is.) Call it before `ssc.start()`.
 */
export function feedFiles(
  ssc: StreamingContext,
  directory: string,
  files: readonly FeedFile[],
): void {
  let next = 0;
  // Synchronous on purpose: with a ManualClock the next batch starts right after the listener
  // returns, and the file must be there by then.
  ssc.addStreamingListener({
    onBatchCompleted: ({ batchInfo }) => {
      const file = files[next++];
      if (file === undefined) return;
      const staged = join(directory, `.${file.name}.tmp`);
      writeFileSync(staged, file.text);
      const seconds = batchInfo.batchTime.milliseconds / 1000;
      utimesSync(staged, seconds, seconds);
      renameSync(staged, join(directory, file.name));
    },
  });
}
