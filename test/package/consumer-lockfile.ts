/**
 * A package-lock.json for a scratch consumer project, built from this repository's lockfile, so
 * that `npm ci --offline` installs the packed tarball and its dependencies from the npm cache
 * that `npm ci` filled (npm's own resolution wants full registry documents, which are not
 * cached). Placement follows Node's lookup as npm does: a dependency goes to the top
 * `node_modules` unless a different version is there already, and then it is nested under the
 * package that needs it; required peer dependencies resolve from the package's parent, as npm
 * installs them. So a dependency of dstream-ts that the consumer also has in an incompatible
 * version shows up as the nested copy users would get.
 */
import semver from 'semver';

/** One entry of a lockfile's `packages`, as npm writes it. */
export interface LockEntry {
  name?: string;
  readonly version: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly license?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly engines?: Readonly<Record<string, string>>;
  optional?: boolean;
  dev?: boolean;
}

export interface ConsumerLockOptions {
  readonly name: string;
  /** The consumer's dependencies: name → exact version, or `file:` for the tarball. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** This repository's lockfile `packages`. */
  readonly repoPackages: Readonly<Record<string, LockEntry>>;
  /** The packed package: its manifest, tarball file (relative to the consumer) and integrity. */
  readonly tarball: {
    readonly manifest: LockEntry & { readonly name: string };
    readonly file: string;
    readonly integrity: string;
  };
}

/** Return the consumer's `package-lock.json` content (lockfile version 3). */
export function consumerLockfile(options: ConsumerLockOptions): object {
  const { repoPackages, tarball } = options;
  const packages: Record<string, LockEntry> = {
    '': { name: options.name, version: '0.0.0', dependencies: options.dependencies },
  };

  /** The entry (from the tarball or the repository's lockfile) to install for `name@range`. */
  const source = (name: string, range: string): LockEntry => {
    if (name === tarball.manifest.name) {
      const { dependencies, peerDependencies, peerDependenciesMeta, engines, license } =
        tarball.manifest;
      return {
        version: tarball.manifest.version,
        resolved: `file:${tarball.file}`,
        integrity: tarball.integrity,
        ...(license !== undefined && { license }),
        ...(dependencies !== undefined && { dependencies }),
        ...(peerDependencies !== undefined && { peerDependencies }),
        ...(peerDependenciesMeta !== undefined && { peerDependenciesMeta }),
        ...(engines !== undefined && { engines }),
      };
    }
    const candidates = Object.entries(repoPackages)
      .filter(([path, entry]) => (entry.name ?? basename(path)) === name && path !== '')
      .map(([, entry]) => entry)
      .filter((entry) => semver.satisfies(entry.version, range))
      .sort((a, b) => semver.rcompare(a.version, b.version));
    const found = candidates[0];
    if (found === undefined) {
      throw new Error(`${name}@${range} is not in package-lock.json: add it as a devDependency`);
    }
    // `name` (of an npm: alias) and the dev/optional flags describe the repository's tree.
    const entry: Partial<LockEntry> & Pick<LockEntry, 'version'> = { ...found };
    delete entry.name;
    delete entry.dev;
    delete entry.optional;
    return entry;
  };

  /** Where Node finds `name` from a package at `from` ('' is the consumer itself). */
  const lookup = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = parentDir(dir)) {
      const path = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
      if (packages[path] !== undefined) return path;
      if (dir === '') return undefined;
    }
  };

  const queue: { from: string; name: string; range: string; peer: boolean }[] = [];
  const place = (path: string, entry: LockEntry): void => {
    packages[path] = entry;
    for (const [name, range] of Object.entries(entry.dependencies ?? {})) {
      queue.push({ from: path, name, range, peer: false });
    }
    for (const [name, range] of Object.entries(entry.peerDependencies ?? {})) {
      if (entry.peerDependenciesMeta?.[name]?.optional !== true) {
        queue.push({ from: path, name, range, peer: true });
      }
    }
  };
  for (const [name, spec] of Object.entries(options.dependencies)) {
    place(`node_modules/${name}`, source(name, spec.startsWith('file:') ? '*' : spec));
  }
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { from, name, range, peer } = next;
    // A peer is found from where the package sits; a dependency from inside it.
    const start = peer ? parentDir(from) : from;
    const existing = lookup(start, name);
    const placed = existing === undefined ? undefined : packages[existing];
    if (placed !== undefined && semver.satisfies(placed.version, range)) continue;
    if (placed !== undefined && peer) {
      throw new Error(`${from} needs peer ${name}@${range}; the consumer has ${placed.version}`);
    }
    const path = existing === undefined ? `node_modules/${name}` : `${from}/node_modules/${name}`;
    place(path, source(name, range));
  }
  return { name: options.name, version: '0.0.0', lockfileVersion: 3, requires: true, packages };
}

/** The package path a lockfile path is nested in ('' for a top-level package). */
function parentDir(path: string): string {
  const index = path.lastIndexOf('/node_modules/');
  return index === -1 ? '' : path.slice(0, index);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}
