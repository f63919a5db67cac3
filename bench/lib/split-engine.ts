import { EngineProcess } from './engine';
import { tempDir } from './proc';

/**
 * The engine split into its roles on this one machine (README: Running it distributed): `apis`
 * command API processes, one projector and one watcher, all on one DATA_DIR (one SQLite event
 * store they share). The first API starts alone: it seeds the store and makes the secrets.
 */
export class SplitEngine {
  private constructor(
    readonly apis: readonly EngineProcess[],
    private readonly all: readonly EngineProcess[],
    private readonly remove: () => void,
  ) {}

  static async start(apiCount: number): Promise<SplitEngine> {
    const temp = tempDir('split');
    const started: EngineProcess[] = [];
    try {
      for (let i = 0; i < apiCount; i++) started.push(await EngineProcess.start({ dataDir: temp.dir, app: 'api' }));
      started.push(await EngineProcess.start({ dataDir: temp.dir, app: 'projector' }));
      started.push(await EngineProcess.start({ dataDir: temp.dir, app: 'watcher' }));
      return new SplitEngine(started.slice(0, apiCount), started, temp.remove);
    } catch (error) {
      await stopAll(started);
      temp.remove();
      throw error;
    }
  }

  /** CPU seconds of every process of the engine together. */
  cpuSeconds(): number {
    return this.all.reduce((sum, engine) => sum + engine.cpuSeconds(), 0);
  }

  async stop(): Promise<void> {
    await stopAll(this.all);
    this.remove();
  }
}

/** In the reverse order of their start. */
async function stopAll(engines: readonly EngineProcess[]): Promise<void> {
  for (const engine of [...engines].reverse()) await engine.stop();
}
