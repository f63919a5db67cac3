import { Option } from 'commander';
import { Principal, ROLES, type Role } from '../auth/roles';
import { principalOf } from '../auth/token-claims';
import { cliProgram, DATA_DIR, optionsOf, runCli } from './cli-program';
import { engineTokens } from './engine-secret';

interface TokenOptions {
  readonly role: Role;
  readonly department?: string;
  readonly window?: string;
  readonly case?: string;
  readonly channel?: string;
  readonly subCenter?: string;
  readonly subject?: string;
  readonly hours: string;
}

const tokenProgram = () =>
  cliProgram('token', "A token of the embedded default, signed with the engine's secret in DATA_DIR, printed on stdout.", [
    DATA_DIR,
    { name: 'AUTH_TOKEN_SECRET_FILE', description: 'the secret the engine signs with (default DATA_DIR/auth/token-secret)' },
    { name: 'AUTH_ISSUER, AUTH_AUDIENCE', description: "the token's iss and aud, as the engine is set up" },
    { name: 'AUTH_JWKS_URL', description: 'set: an identity provider issues the tokens, and this refuses' },
  ])
    .addOption(new Option('--role <role>', 'the role the token carries').choices(ROLES).makeOptionMandatory())
    .option('--department <id>', "the staff member's department")
    .option('--window <id>', "the staff member's window")
    .option('--case <caseNo>', "an applicant's case")
    .option('--channel <channel>', "a partner system's channel")
    .option('--sub-center <id>', "a sub-center's own software (--role integration --channel sub-center): the sub-center it receives for")
    .option('--subject <subject>', 'who the token names; for window-staff the staff id on the roster (the demo: clerk-<department>), required')
    .option('--hours <hours>', 'how long it is valid, at most a year', '8');

/**
 * `npm run token -- --role window-staff --department zrzy --window w-zrzy --subject clerk-zrzy`; refuses while DATA_DIR
 * has no engine secret (see engineTokens).
 */
async function main(): Promise<void> {
  const args = optionsOf<TokenOptions>(tokenProgram(), process.argv.slice(2));
  const tokens = engineTokens();
  const hours = Number(args.hours);
  if (!(hours > 0 && hours <= 24 * 366)) throw new Error('--hours must be a number of hours, at most a year');
  const { role } = args;
  // A window clerk is a staff member of the roster, which decides what they may do: the token names them.
  if (role === 'window-staff' && !args.subject) throw new Error('a window-staff token names the staff member: --subject <staff id> (the demo seeds clerk-<department>)');
  const candidate: Principal = {
    subject: args.subject ?? (args.case ? `applicant:${args.case}` : `${role}:${args.window ?? args.subCenter ?? args.department ?? args.channel ?? 'cli'}`),
    role, departmentId: args.department, windowId: args.window, caseNo: args.case, channel: args.channel, subCenterId: args.subCenter,
  };
  const checked = principalOf({ sub: candidate.subject, role, department: candidate.departmentId, window: candidate.windowId, case: candidate.caseNo,
    channel: candidate.channel, sub_center: candidate.subCenterId });
  if ('refused' in checked) throw new Error(checked.refused);
  process.stdout.write(`${await tokens.issue(checked, Math.round(hours * 3600))}\n`);
}

runCli('token', main, 2);
