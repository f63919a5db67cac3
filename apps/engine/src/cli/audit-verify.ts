import { auditVerify } from './audit-record';
import { runCli } from './cli-program';
import { progressBar } from './progress';

/**
 * `npm run audit:verify [-- --seal exported-seal.json]`: recomputes the hash chains and seals
 * of the event store in DATA_DIR (read-only, safe while the engine runs) and names the first
 * event that does not match; exit code 1 then, 0 when intact, 2 when it cannot check. Its
 * progress goes to stderr: a bar on a terminal, a line every few seconds in a log.
 */
runCli('audit:verify', async () => {
  const { exitCode, lines } = await auditVerify(process.argv.slice(2), process.env, (label, total, unit) => progressBar(label, total, { unit }));
  console.log(lines.join('\n'));
  return exitCode;
}, 2);
