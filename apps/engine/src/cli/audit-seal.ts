import { auditSeal } from './audit-record';

/**
 * `npm run audit:seal -- --out seal.json`: verifies the event store in DATA_DIR, seals what is
 * not sealed yet and exports the latest seal to keep elsewhere (verify later with --seal).
 */
auditSeal(process.argv.slice(2)).then(
  ({ exitCode, lines }) => {
    console.log(lines.join('\n'));
    process.exitCode = exitCode;
  },
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 2;
  },
);
