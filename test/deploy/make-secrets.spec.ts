import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAuthConfig, queryCodeKeyFile } from '../../apps/engine/src/auth/auth.config';
import { QueryCodes } from '../../apps/engine/src/auth/query-codes';
import { EmbeddedTokens, readOrCreateSecret } from '../../apps/engine/src/auth/tokens';
import { loadConfig } from '../../apps/engine/src/config/engine.config';
import { LocalMasterKey } from '../../apps/engine/src/personal-data/master-key';

/**
 * deploy/make-secrets.sh writes the three secrets every engine instance shares (compose secrets,
 * the Kubernetes Secret engine-secrets). Here the engine's own readers open what it wrote, through
 * the settings deploy/compose.yaml and deploy/k8s/engine-config.yaml give the engine: two instances
 * on two DATA_DIRs must accept each other's tokens, derive the same query codes and unwrap each
 * other's keys — and write nothing, neither beside the secrets nor in DATA_DIR.
 */
const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'deploy/make-secrets.sh');
const MOUNT = '/run/secrets/engine';
const SECRET_SETTINGS = ['AUTH_TOKEN_SECRET_FILE', 'QUERY_CODE_KEY_FILE', 'PERSONAL_DATA_MASTER_KEY_FILE'] as const;

/** The `NAME: value` settings of a deployment file, by name (both files write each on one line). */
function settingsIn(file: string): Record<string, string> {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return Object.fromEntries(SECRET_SETTINGS.map((name) => [name, new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1] ?? '']));
}

/** The deployment's settings with the mount point moved to `dir`, where the test put the files. */
function engineEnv(dir: string): NodeJS.ProcessEnv {
  const settings = settingsIn('deploy/compose.yaml');
  return Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, value.replace(MOUNT, dir)]));
}

function makeSecrets(dir: string): string {
  return execFileSync('bash', [SCRIPT, dir], { encoding: 'utf8' });
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((file) => [file, fs.readFileSync(path.join(dir, file)).toString('hex')]));
}

/** One engine instance's readers of the three secrets, opened as the engine's providers open them. */
function instance(env: NodeJS.ProcessEnv, dataDir: string) {
  const auth = loadAuthConfig(env, dataDir);
  if (auth.mode !== 'embedded') throw new Error('expected the embedded token mode');
  const masterKeyFile = loadConfig({ ...env, DATA_DIR: dataDir }).personalDataMasterKeyFile;
  if (!masterKeyFile) throw new Error('PERSONAL_DATA_MASTER_KEY_FILE did not reach the engine config');
  return {
    tokens: EmbeddedTokens.open(auth),
    queryCodes: QueryCodes.open(queryCodeKeyFile(env, dataDir)),
    masterKey: LocalMasterKey.open(masterKeyFile),
  };
}

describe('deploy/make-secrets.sh', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-secrets-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('compose and Kubernetes point the engine at the same three files under the mount', () => {
    const compose = settingsIn('deploy/compose.yaml');
    expect(settingsIn('deploy/k8s/engine-config.yaml')).toEqual(compose);
    expect(Object.values(compose).every((file) => file.startsWith(`${MOUNT}/`))).toBe(true);
  });

  it('makes secrets two engine instances on two DATA_DIRs share, and neither writes anything', async () => {
    // Given the three files, made by the script
    const secrets = path.join(root, 'secrets');
    makeSecrets(secrets);
    const made = snapshot(secrets);
    const env = engineEnv(secrets);
    const [dataA, dataB] = [path.join(root, 'a'), path.join(root, 'b')];
    fs.mkdirSync(dataA);
    fs.mkdirSync(dataB);

    // When two instances open them
    const a = instance(env, dataA);
    const b = instance(env, dataB);

    // Then each accepts what the other signed, derived or wrapped
    const token = await a.tokens.issue({ subject: 'admin-1', role: 'center-admin' }, 60);
    await expect(b.tokens.verify(token)).resolves.toEqual(expect.objectContaining({ subject: 'admin-1', role: 'center-admin' }));
    expect(b.queryCodes.of('2026-000123')).toBe(a.queryCodes.of('2026-000123'));
    const dataKey = randomBytes(32);
    expect(b.masterKey.unwrap(a.masterKey.wrap(dataKey))).toEqual(dataKey);
    expect(b.masterKey.blindIndex('330102199001011234')).toBe(a.masterKey.blindIndex('330102199001011234'));
    // and nothing was created or changed: the mounted secrets are read-only, DATA_DIR is scratch
    expect(snapshot(secrets)).toEqual(made);
    expect(fs.readdirSync(dataA)).toEqual([]);
    expect(fs.readdirSync(dataB)).toEqual([]);
  });

  it('keeps the secrets an engine made on its own first start: the formats agree both ways', () => {
    // Given the files the engine itself makes when they are missing
    const secrets = path.join(root, 'secrets');
    const env = engineEnv(secrets);
    readOrCreateSecret(env.AUTH_TOKEN_SECRET_FILE!);
    readOrCreateSecret(env.QUERY_CODE_KEY_FILE!);
    LocalMasterKey.open(env.PERSONAL_DATA_MASTER_KEY_FILE!);
    const engineMade = snapshot(secrets);

    // When the script runs on them
    const output = makeSecrets(secrets);

    // Then it accepts and keeps all three
    expect(output.match(/^kept /gm)).toHaveLength(3);
    expect(snapshot(secrets)).toEqual(engineMade);
  });

  it('refuses a master key the engine would refuse', () => {
    // Given a master.key of 16 bytes, base64
    const secrets = path.join(root, 'secrets');
    fs.mkdirSync(secrets);
    fs.writeFileSync(path.join(secrets, 'master.key'), randomBytes(16).toString('base64'));

    // Then the engine refuses it, and so does the script
    expect(() => LocalMasterKey.open(path.join(secrets, 'master.key'))).toThrow(/32-byte key/);
    expect(() => execFileSync('bash', [SCRIPT, secrets], { stdio: 'pipe' })).toThrow(/expects 32/);
  });
});
