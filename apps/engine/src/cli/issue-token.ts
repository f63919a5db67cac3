import * as fs from 'node:fs';
import { Option } from 'commander';
import { loadAuthConfig } from '../auth/auth.config';
import { Principal, ROLES, type Role } from '../auth/roles';
import { principalOf } from '../auth/token-claims';
import { EmbeddedTokens } from '../auth/tokens';
import { loadConfig } from '../config/engine.config';
import { cliProgram, DATA_DIR, optionsOf, runCli } from './cli-program';

interface TokenOptions {
  readonly role: Role;
  readonly department?: string;
  readonly window?: string;
  readonly case?: string;
  readonly channel?: string;
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
    .option('--subject <subject>', 'who the token names (default from the role and the above)')
    .option('--hours <hours>', 'how long it is valid, at most a year', '8');

/**
 * `npm run token -- --role window-staff --department scjg --window W01`. Only the engine's own
 * secret makes tokens it accepts, so this never makes one: with none in DATA_DIR yet (the
 * engine not started there, or DATA_DIR not the engine's), it refuses and says where it looked.
 */
async function main(): Promise<void> {
  const args = optionsOf<TokenOptions>(tokenProgram(), process.argv.slice(2));
  const { dataDir } = loadConfig();
  const auth = loadAuthConfig(process.env, dataDir);
  if (auth.mode !== 'embedded') throw new Error('tokens come from the identity provider (AUTH_JWKS_URL is set)');
  if (!fs.existsSync(auth.secretFile)) {
    throw new Error(`no engine secret at ${auth.secretFile} (DATA_DIR is ${dataDir}): start the engine once with this DATA_DIR, `
      + 'or set DATA_DIR (or AUTH_TOKEN_SECRET_FILE) to the running engine\'s; a token signed with another secret would be refused');
  }
  const hours = Number(args.hours);
  if (!(hours > 0 && hours <= 24 * 366)) throw new Error('--hours must be a number of hours, at most a year');
  const { role } = args;
  const candidate: Principal = {
    subject: args.subject ?? (args.case ? `applicant:${args.case}` : `${role}:${args.window ?? args.department ?? args.channel ?? 'cli'}`),
    role, departmentId: args.department, windowId: args.window, caseNo: args.case, channel: args.channel,
  };
  const checked = principalOf({ sub: candidate.subject, role, department: candidate.departmentId, window: candidate.windowId, case: candidate.caseNo, channel: candidate.channel });
  if ('refused' in checked) throw new Error(checked.refused);
  process.stdout.write(`${await EmbeddedTokens.open(auth).issue(checked, Math.round(hours * 3600))}\n`);
}

runCli('token', main, 2);
