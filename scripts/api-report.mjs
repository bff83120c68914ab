// The public API as the published declarations (dist/**/*.d.ts, built by `npm run build`) show
// it, checked three ways:
//   1. the declarations of every package entry compile on their own (strict, skipLibCheck false);
//   2. no public declaration names a declaration of the package that no entry exports (an
//      internal type leaking into the API); api-extractor's "forgotten export" check, but across
//      the entries, since `dstream-ts/kafka` rightly names `StreamingContext` of the root entry;
//   3. etc/*.api.md, api-extractor's reports (one per entry), match the declarations, so a
//      change to the public surface shows in review.
//
//   node scripts/api-report.mjs            check (exit 1 on a problem or a stale report)
//   node scripts/api-report.mjs --update   rewrite the reports (`npm run api` builds first)
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT_DIR = join(ROOT, 'etc');

/**
 * The package's entries from package.json's `exports` (those with a `types` condition): the
 * subpath, its declaration file and its report file.
 */
export function packageEntries(root = ROOT) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || typeof target.types !== 'string') continue;
    const suffix = subpath === '.' ? '' : `-${subpath.slice(2).replaceAll('/', '-')}`;
    entries.push({
      subpath,
      declarations: resolve(root, target.types),
      reportFileName: `${pkg.name}${suffix}.api.md`,
    });
  }
  return entries;
}

/** Problems of the entries' declarations: compile errors and internal types they name. */
export function checkPublicDeclarations(root = ROOT) {
  const entries = packageEntries(root);
  const distDir = resolve(root, 'dist') + sep;
  for (const entry of entries) {
    if (!existsSync(entry.declarations)) {
      return [`${relative(root, entry.declarations)} is missing: run \`npm run build\` first`];
    }
  }
  const program = ts.createProgram(
    entries.map((entry) => entry.declarations),
    {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: existsSync(join(root, 'node_modules/@types/node')) ? ['node'] : [],
    },
  );
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => formatDiagnostic(diagnostic, root));
  const checker = program.getTypeChecker();

  const exported = new Set();
  for (const entry of entries) {
    const file = program.getSourceFile(entry.declarations);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (moduleSymbol === undefined) continue;
    const add = (symbol) => {
      const target = resolved(symbol);
      if (exported.has(target)) return;
      exported.add(target);
      // A namespace export (`export * as laws from './laws.js'`) exports its members too.
      if (target.flags & ts.SymbolFlags.ValueModule) {
        for (const member of checker.getExportsOfModule(target)) add(member);
      }
    };
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) add(symbol);
  }

  const isPackageDeclaration = (declaration) =>
    declaration.getSourceFile().fileName.startsWith(distDir.replaceAll(sep, '/')) &&
    (ts.isSourceFile(declaration.parent) || ts.isModuleBlock(declaration.parent));
  const reported = new Set();
  const visit = (node, owner) => {
    let name;
    if (ts.isTypeReferenceNode(node)) name = node.typeName;
    else if (ts.isExpressionWithTypeArguments(node)) name = node.expression;
    else if (ts.isTypeQueryNode(node)) name = node.exprName;
    else if (ts.isImportTypeNode(node)) name = node.qualifier;
    if (name !== undefined) {
      const leftmost = leftmostIdentifier(name);
      const symbol = leftmost && checker.getSymbolAtLocation(leftmost);
      const target = symbol && resolved(symbol);
      const declarations = target?.declarations ?? [];
      if (
        target !== undefined &&
        !exported.has(target) &&
        declarations.length > 0 &&
        declarations.every(isPackageDeclaration) &&
        !reported.has(target)
      ) {
        reported.add(target);
        const where = relative(root, declarations[0].getSourceFile().fileName);
        problems.push(
          `${owner} names ${target.getName()} (${where}), which no entry of the package exports`,
        );
      }
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  for (const symbol of exported) {
    for (const declaration of symbol.declarations ?? []) {
      if (declaration.getSourceFile().fileName.startsWith(distDir.replaceAll(sep, '/'))) {
        visit(declaration, symbol.getName());
      }
    }
  }
  return problems;

  function resolved(symbol) {
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  }
}

function leftmostIdentifier(name) {
  let node = name;
  while (node !== undefined && !ts.isIdentifier(node)) {
    node = ts.isQualifiedName(node)
      ? node.left
      : ts.isPropertyAccessExpression(node)
        ? node.expression
        : undefined;
  }
  return node;
}

function formatDiagnostic(diagnostic, root) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const where = relative(root, diagnostic.file.fileName);
  return `${where}(${line + 1},${character + 1}): TS${diagnostic.code}: ${message}`;
}

/**
 * Run api-extractor on each entry: with `update`, write etc/*.api.md; without, report the
 * entries whose report differs from the declarations. Returns the problems found.
 */
export async function checkApiReports({ update = false, root = ROOT } = {}) {
  const { CompilerState, Extractor, ExtractorConfig } = await import('@microsoft/api-extractor');
  const tempDir = join(root, 'node_modules', '.cache', 'api-extractor');
  mkdirSync(tempDir, { recursive: true });
  mkdirSync(REPORT_DIR, { recursive: true });
  const entries = packageEntries(root);
  const configs = entries.map((entry) => extractorConfig(ExtractorConfig, entry, root, tempDir));
  // One TypeScript program for every entry (api-extractor would build one per entry).
  const compilerState = CompilerState.create(configs[0], {
    additionalEntryPoints: entries.map((entry) => entry.declarations),
  });
  const problems = [];
  entries.forEach((entry, i) => {
    const result = Extractor.invoke(configs[i], {
      localBuild: update,
      compilerState,
      messageCallback: (message) => {
        // A changed report is reported once, below, with the command that updates it; in update
        // mode, a report written is what was asked for.
        const report = message.messageId.startsWith('console-api-report-');
        if (!report && (message.logLevel === 'error' || message.logLevel === 'warning')) {
          problems.push(`${entry.subpath}: ${message.formatMessageWithLocation(root)}`);
        }
        message.handled = true;
      },
    });
    if (!update && result.apiReportChanged) {
      problems.push(
        `etc/${entry.reportFileName} is stale: the public API of '${entry.subpath}' changed; ` +
          'review the change and run `npm run api` to update the report',
      );
    }
  });
  rmSync(tempDir, { recursive: true, force: true });
  return problems;
}

function extractorConfig(ExtractorConfig, entry, root, tempDir) {
  return ExtractorConfig.prepare({
    configObjectFullPath: join(root, 'api-extractor.json'), // only resolves paths: no such file
    packageJsonFullPath: join(root, 'package.json'),
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entry.declarations,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            strict: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            types: ['node'],
          },
          files: [entry.declarations],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.reportFileName,
        reportFolder: REPORT_DIR,
        reportTempFolder: tempDir,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: false },
          // checkPublicDeclarations does this check across the entries.
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: false },
          // The package has no release stages (@alpha/@beta/@public).
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          // typedoc checks the documentation (`npm run docs`, zero warnings).
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
      },
    },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const update = process.argv.includes('--update');
  const problems = [...checkPublicDeclarations(), ...(await checkApiReports({ update }))];
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write(update ? 'API reports written to etc/\n' : 'Public API checks passed\n');
}
