/**
 * The consumer lockfile places packages as npm would: a dependency of the package that the
 * consumer has in an incompatible version is nested under the package (the duplicate rxjs users
 * got while rxjs was a dependency), a peer dependency resolves to the consumer's copy.
 */
import { describe, expect, it } from 'vitest';
import { consumerLockfile, type LockEntry } from './consumer-lockfile.js';

const repoPackages: Record<string, LockEntry> = {
  '': { version: '0.1.0' },
  'node_modules/rxjs': {
    version: '7.8.2',
    integrity: 'sha512-b',
    dependencies: { tslib: '^2.1.0' },
  },
  'node_modules/rxjs-7.8.1': {
    name: 'rxjs',
    version: '7.8.1',
    integrity: 'sha512-a',
    dev: true,
    dependencies: { tslib: '^2.1.0' },
  },
  'node_modules/tslib': { version: '2.9.1', integrity: 'sha512-t', dev: true },
  'node_modules/uplot': { version: '1.6.32', integrity: 'sha512-u' },
};

function layout(manifest: Omit<LockEntry, 'version'>): Record<string, string> {
  const lock = consumerLockfile({
    name: 'consumer',
    dependencies: { pkg: 'file:pkg.tgz', rxjs: '7.8.1' },
    repoPackages,
    tarball: {
      manifest: { name: 'pkg', version: '1.0.0', ...manifest },
      file: 'pkg.tgz',
      integrity: 'sha512-p',
    },
  }) as { packages: Record<string, LockEntry> };
  return Object.fromEntries(
    Object.entries(lock.packages).map(([path, entry]) => [path, entry.version]),
  );
}

describe('consumerLockfile', () => {
  it('nests a dependency the consumer has in an incompatible version', () => {
    expect(layout({ dependencies: { rxjs: '7.8.2', uplot: '^1.6.32' } })).toEqual({
      '': '0.0.0',
      'node_modules/pkg': '1.0.0',
      'node_modules/rxjs': '7.8.1',
      'node_modules/pkg/node_modules/rxjs': '7.8.2',
      'node_modules/uplot': '1.6.32',
      'node_modules/tslib': '2.9.1',
    });
  });

  it("resolves a peer dependency to the consumer's copy, and skips optional peers", () => {
    expect(
      layout({
        dependencies: { uplot: '^1.6.32' },
        peerDependencies: { rxjs: '^7.8.0', kafkajs: '^2.2.4' },
        peerDependenciesMeta: { kafkajs: { optional: true } },
      }),
    ).toEqual({
      '': '0.0.0',
      'node_modules/pkg': '1.0.0',
      'node_modules/rxjs': '7.8.1',
      'node_modules/uplot': '1.6.32',
      'node_modules/tslib': '2.9.1',
    });
  });

  it('takes the flags of the repository tree off the entries', () => {
    const lock = consumerLockfile({
      name: 'consumer',
      dependencies: { rxjs: '7.8.1' },
      repoPackages,
      tarball: {
        manifest: { name: 'pkg', version: '1.0.0' },
        file: 'pkg.tgz',
        integrity: 'sha512-p',
      },
    }) as { packages: Record<string, LockEntry> };
    expect(lock.packages['node_modules/rxjs']).toEqual({
      version: '7.8.1',
      integrity: 'sha512-a',
      dependencies: { tslib: '^2.1.0' },
    });
  });
});
