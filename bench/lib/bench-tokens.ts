import { loadAuthConfig } from '../../apps/engine/src/auth/auth.config';
import { EmbeddedTokens } from '../../apps/engine/src/auth/tokens';

/** `Authorization` values for the benchmark's callers, signed with the engine's DATA_DIR secret. */
export interface BenchTokens {
  /** The 不动产登记 window's clerk: receives and works the cases. */
  readonly clerk: string;
  /** The bank's collection system: confirms the fees paid. */
  readonly bank: string;
  /** The online portal: relays the applicants' ratings (好差评). */
  readonly portal: string;
  /** The center's administration: reads the reports. */
  readonly admin: string;
}

export async function benchTokens(dataDir: string): Promise<BenchTokens> {
  const auth = loadAuthConfig({}, dataDir);
  if (auth.mode !== 'embedded') throw new Error('the benchmarks sign their own tokens (embedded mode)');
  const tokens = EmbeddedTokens.open(auth);
  const bearer = async (principal: Parameters<EmbeddedTokens['issue']>[0]) => `Bearer ${await tokens.issue(principal, 24 * 3600)}`;
  return {
    clerk: await bearer({ subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' }),
    bank: await bearer({ subject: 'bench-bank', role: 'bank' }),
    portal: await bearer({ subject: 'bench-portal', role: 'integration', channel: 'online' }),
    admin: await bearer({ subject: 'bench-admin', role: 'center-admin' }),
  };
}
