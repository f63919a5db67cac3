/** Tests compile with SWC (no type check here; `npm test` runs tsc --noEmit first). */
const swc = (syntax) => ({
  jsc: {
    parser: syntax === 'typescript' ? { syntax, decorators: true } : { syntax, importAttributes: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // NestJS 12 and some of its dependencies ship ES modules only. Node 24 loads them
  // natively (require(esm)); Jest's CommonJS runtime does not, so SWC compiles them too.
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc('typescript')],
    '^.+\\.m?js$': ['@swc/jest', swc('ecmascript')],
  },
  // CommonJS packages whose top-level `this` SWC would turn into undefined (google-protobuf then looks for `self`).
  transformIgnorePatterns: ['/node_modules/(google-protobuf|@eventstore/db-client)/'],
  moduleNameMapper: {
    '^@gov/(domain|event-store|projections|messaging)$': '<rootDir>/libs/$1/src',
    '^@gov/(domain|event-store|projections|messaging)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
};
