import { loadAuthConfig } from '../auth/auth.config';
import { isRole, Principal, ROLES } from '../auth/roles';
import { principalOf } from '../auth/token-claims';
import { EmbeddedTokens } from '../auth/tokens';
import { loadConfig } from '../config/engine.config';
import { argsOf } from './cli-args';

/**
 * `npm run token -- --role window-staff --department scjg --window W01 [--subject staff-0001] [--hours 8]`:
 * a token of the embedded default, signed with DATA_DIR's secret, printed on stdout. With an
 * identity provider configured (AUTH_JWKS_URL) the provider issues tokens and this refuses.
 */
async function main(): Promise<void> {
  const args = argsOf(process.argv.slice(2));
  const role = args.get('role');
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const auth = loadAuthConfig(process.env, loadConfig().dataDir);
  if (auth.mode !== 'embedded') throw new Error('tokens come from the identity provider (AUTH_JWKS_URL is set)');
  const hours = Number(args.get('hours') ?? 8);
  if (!(hours > 0 && hours <= 24 * 366)) throw new Error('--hours must be a number of hours, at most a year');
  const candidate: Principal = {
    subject: args.get('subject') ?? (args.has('case') ? `applicant:${args.get('case')}` : `${role}:${args.get('window') ?? args.get('department') ?? args.get('channel') ?? 'cli'}`),
    role, departmentId: args.get('department'), windowId: args.get('window'), caseNo: args.get('case'), channel: args.get('channel'),
  };
  const checked = principalOf({ sub: candidate.subject, role, department: candidate.departmentId, window: candidate.windowId, case: candidate.caseNo, channel: candidate.channel });
  if ('refused' in checked) throw new Error(checked.refused);
  process.stdout.write(`${await EmbeddedTokens.open(auth).issue(checked, Math.round(hours * 3600))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
