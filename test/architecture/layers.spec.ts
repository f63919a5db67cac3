import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Layer rules, checked on every test run: the domain is pure TypeScript (no framework, no
 * infrastructure, no clock or randomness), and the libraries never depend on the apps.
 */
const ROOT = path.resolve(__dirname, '../..');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3]);
}

function violations(dir: string, forbidden: (specifier: string) => boolean): string[] {
  return sourceFiles(path.join(ROOT, dir)).flatMap((file) =>
    importsOf(file).filter(forbidden).map((specifier) => `${path.relative(ROOT, file)} imports ${specifier}`));
}

describe('architecture', () => {
  it('finds the imports it checks (the checker itself works)', () => {
    expect(importsOf(path.join(ROOT, 'libs/domain/src/case/case.decider.ts'))).toContain('./case.rules');
  });

  it('keeps the domain free of NestJS, infrastructure and the other libraries', () => {
    const allowedPackages = new Set(['chinese-days/dist/chinese-days.json']);
    const forbidden = (specifier: string) => !specifier.startsWith('.') && !allowedPackages.has(specifier);
    expect(violations('libs/domain/src', forbidden)).toEqual([]);
  });

  it('keeps time and randomness out of the domain (they are inputs)', () => {
    const offenders = sourceFiles(path.join(ROOT, 'libs/domain/src'))
      .filter((file) => !file.includes(`${path.sep}testing${path.sep}`))
      .filter((file) => /new Date\(\)|Date\.now\(|Math\.random\(|randomUUID/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('keeps NestJS out of every library', () => {
    for (const lib of ['libs/event-store/src', 'libs/projections/src', 'libs/messaging/src']) {
      expect(violations(lib, (specifier) => specifier.startsWith('@nestjs'))).toEqual([]);
    }
  });

  it('never lets a library import an app', () => {
    for (const lib of ['libs/domain/src', 'libs/event-store/src', 'libs/projections/src', 'libs/messaging/src']) {
      expect(violations(lib, (specifier) => specifier.includes('apps/'))).toEqual([]);
    }
  });
});

/**
 * The engine's house (docs/architecture.md): features are folders of apps/engine/src, each a
 * Nest module; they stand on a ground floor of shared machinery; the composition (the engine
 * module, the roles, the CLIs, the first start) stands on both.
 */
const ENGINE = 'apps/engine/src';
const FEATURES = ['applicant', 'audit', 'calendar', 'cases', 'catalog', 'complaints', 'documents', 'hall', 'notifications', 'organization', 'personal-data', 'queue', 'ratings', 'reports', 'staff', 'supervision', 'tasks'];
const GROUND_FLOOR = ['auth', 'config', 'files', 'http', 'infrastructure', 'leases', 'messaging', 'observability', 'policies', 'write'];
const COMPOSITION = ['bootstrap', 'cli', 'roles', 'web'];

/** The top folder of apps/engine/src an import lands in, or null when it leaves the engine (a library, a package). */
function engineFolderOf(file: string, specifier: string): { folder: string; rest: string } | null {
  if (!specifier.startsWith('.')) return null;
  const target = path.relative(path.join(ROOT, ENGINE), path.resolve(path.dirname(file), specifier));
  if (target.startsWith('..')) return null;
  const [folder, ...rest] = target.split(path.sep);
  return { folder, rest: rest.join('/') };
}

function engineImports(folder: string): { file: string; folder: string; rest: string; specifier: string }[] {
  return sourceFiles(path.join(ROOT, ENGINE, folder)).flatMap((file) => importsOf(file).flatMap((specifier) => {
    const target = engineFolderOf(file, specifier);
    return target ? [{ file: path.relative(ROOT, file), specifier, ...target }] : [];
  }));
}

describe('architecture of the engine', () => {
  it('names every folder of apps/engine/src as a feature, the ground floor or the composition', () => {
    const folders = fs.readdirSync(path.join(ROOT, ENGINE), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => ![...FEATURES, ...GROUND_FLOOR, ...COMPOSITION].includes(f))).toEqual([]);
  });

  it('keeps the ground floor free of features and of the composition', () => {
    const breaches = GROUND_FLOOR.flatMap((folder) => engineImports(folder))
      .filter((i) => !GROUND_FLOOR.includes(i.folder))
      .map((i) => `${i.file} imports ${i.specifier}`);
    expect(breaches).toEqual([]);
  });

  it('lets a feature use another only through its index, and never the composition', () => {
    const breaches = FEATURES.flatMap((feature) => engineImports(feature).filter((i) =>
      COMPOSITION.includes(i.folder) || (FEATURES.includes(i.folder) && i.folder !== feature && i.rest !== '' && i.rest !== 'index'))
      .map((i) => `${i.file} imports ${i.specifier}`));
    expect(breaches).toEqual([]);
  });

  it('gives every feature a module and an index', () => {
    for (const feature of FEATURES) {
      expect(fs.existsSync(path.join(ROOT, ENGINE, feature, 'index.ts'))).toBe(true);
      expect(fs.existsSync(path.join(ROOT, ENGINE, feature, `${feature}.module.ts`))).toBe(true);
    }
  });

  it('has one way for a command to reach the store: Commands.handle (write/commands.ts)', () => {
    const appends = sourceFiles(path.join(ROOT, ENGINE))
      .filter((file) => /\.append\(|\.appendBatch\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(appends).toEqual([`${ENGINE}/write/commands.ts`]);
  });

  it('keeps SQL out of the controllers (queries live in libs/projections)', () => {
    const inline = sourceFiles(path.join(ROOT, ENGINE)).filter((file) => file.endsWith('.controller.ts'))
      .filter((file) => /\.selectFrom\(|\.insertInto\(|\.updateTable\(|\.deleteFrom\(|sql`/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(inline).toEqual([]);
  });
});

describe('architecture of the libraries', () => {
  it('keeps the event store free of projections', () => {
    expect(violations('libs/event-store/src', (specifier) => specifier.includes('projections'))).toEqual([]);
  });
});
