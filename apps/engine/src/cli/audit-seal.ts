import { auditSeal } from './audit-record';
import { runCli } from './cli-program';

/**
 * `npm run audit:seal -- --out seal.json`: verifies the event store in DATA_DIR, seals what is
 * not sealed yet and exports the latest seal to keep elsewhere (verify later with --seal).
 */
runCli('audit:seal', async () => {
  const { exitCode, lines } = await auditSeal(process.argv.slice(2));
  console.log(lines.join('\n'));
  return exitCode;
}, 2);
