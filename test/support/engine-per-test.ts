import { removeDataDir, startEngine, TestEngine } from './engine';

/** A Shanghai wall-clock time (`2026-04-07 09:00`) as the ISO instant the engine's clock takes. */
export const sh = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

export interface EnginePerTest extends TestEngine {
  /**
   * Starts the engine again on the same data directory after `close()` (the tests of what
   * survives a restart): on the same clock, or on a new one standing at `now` (time passed while down).
   */
  reopen(now?: string): Promise<void>;
}

/**
 * The usual setup of an engine test suite: each test gets a fresh engine whose clock stands at
 * `now`, closed and its data directory removed after the test. The object stands for the
 * current test's engine.
 */
export function engineForEachTest(now: string): EnginePerTest {
  let current: TestEngine | undefined;
  let open = false;
  const engine = (): TestEngine => {
    if (!current) throw new Error('the engine exists only inside a test');
    return current;
  };
  beforeEach(async () => {
    current = await startEngine({ now });
    open = true;
  });
  afterEach(async () => {
    if (open) await engine().close();
    open = false;
    removeDataDir(engine().dataDir);
  });
  return {
    get app() { return engine().app; },
    get clock() { return engine().clock; },
    get dataDir() { return engine().dataDir; },
    get store() { return engine().store; },
    tick: () => engine().tick(),
    request: (...args) => engine().request(...args),
    authorization: (principal) => engine().authorization(principal),
    async close() {
      open = false;
      await engine().close();
    },
    async reopen(now) {
      current = await startEngine({ dataDir: engine().dataDir, ...(now === undefined ? { clock: engine().clock } : { now }) });
      open = true;
    },
  };
}
