// Types for api-report.mjs (plain Node ESM, so `npm run api` runs without a build step of its own).

/** A package entry with a `types` condition in package.json's `exports`. */
export interface PackageEntry {
  /** The subpath, e.g. `'.'` or `'./kafka'`. */
  subpath: string;
  /** Its declaration file (absolute). */
  declarations: string;
  /** Its api-extractor report file name in etc/. */
  reportFileName: string;
}

export function packageEntries(root?: string): PackageEntry[];

/** Compile errors of the entries' declarations and internal declarations they name. */
export function checkPublicDeclarations(root?: string): string[];

/** Run api-extractor on each entry: stale reports (or, with `update`, rewrite them). */
export function checkApiReports(options?: { update?: boolean; root?: string }): Promise<string[]>;
