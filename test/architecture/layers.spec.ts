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
