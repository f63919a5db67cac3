import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on `name`, a module of this directory: `name.js` when built, or
 * `name.ts` when the code runs from TypeScript sources (the tests), which the thread then
 * compiles with SWC, as Jest does, resolving the `@gov/…` imports by tsconfig.json's paths (a
 * page worker's module imports the libraries). `data` reaches the module as `workerData` (with
 * `module`).
 */
export function startThread(name: string, data: object): Worker {
  const module = path.join(__dirname, `${name}${path.extname(__filename)}`);
  return new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, module, root: path.resolve(__dirname, '../../../..') } });
}

/** Loads the thread's module; a `.ts` one (tests) is compiled with SWC first. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.module.endsWith('.ts')) {
  const swc = require('@swc/core');
  const { paths } = JSON.parse(require('node:fs').readFileSync(workerData.root + '/tsconfig.json', 'utf8')).compilerOptions;
  require.extensions['.ts'] = (module, filename) => module._compile(swc.transformFileSync(filename, {
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022', baseUrl: workerData.root, paths },
    module: { type: 'commonjs' }, sourceMaps: 'inline',
  }).code, filename);
}
require(workerData.module);
`;
