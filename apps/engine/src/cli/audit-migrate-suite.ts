import { auditMigrateSuite } from './audit-record';
import { runCli } from './cli-program';

/**
 * `npm run audit:migrate-suite`: seals the event store in DATA_DIR onward in the national
 * suite (SM3, SM2-signed seals) without rewriting anything before; run with the engine stopped.
 */
runCli('audit:migrate-suite', async () => {
  const { exitCode, lines } = auditMigrateSuite(process.argv.slice(2));
  console.log(lines.join('\n'));
  return exitCode;
}, 2);
