import { EngineProcess, type EngineSettings } from './engine';
import { ownCpuMeter, tempDir } from './proc';

/** A fresh engine (and DATA_DIR) for each load, or one engine for all of them. */
export class Engines {
  private shared: StartedEngine | undefined;

  constructor(
    private readonly freshEachTime: boolean,
    private readonly settings: Partial<Omit<EngineSettings, 'dataDir'>> = {},
  ) {}

  async use<T>(load: (engine: EngineProcess) => Promise<T>, cpuProfileDir?: string): Promise<T> {
    if (this.freshEachTime || cpuProfileDir) {
      const started = await startEngine(this.settings, cpuProfileDir);
      try {
        return await load(started.engine);
      } finally {
        await started.engine.stop();
        started.remove();
      }
    }
    this.shared ??= await startEngine(this.settings);
    return load(this.shared.engine);
  }

  async close(): Promise<void> {
    await this.shared?.engine.stop();
    this.shared?.remove();
    this.shared = undefined;
  }
}

interface StartedEngine {
  readonly engine: EngineProcess;
  remove(): void;
}

async function startEngine(settings: Partial<Omit<EngineSettings, 'dataDir'>>, cpuProfileDir?: string): Promise<StartedEngine> {
  const temp = tempDir('http');
  try {
    const engine = await EngineProcess.start({ ...settings, dataDir: temp.dir, ...(cpuProfileDir ? { cpuProfileDir } : {}) });
    return { engine, remove: temp.remove };
  } catch (error) {
    temp.remove();
    throw error;
  }
}

export interface CpuShare {
  /** CPU the engine process used, in cores (1.0 = one core busy all the time). */
  readonly engineCores: number;
  /** CPU the load generator (this process) used, in cores. */
  readonly generatorCores: number;
}

/** Runs a load and adds how much CPU the engine and the load generator used meanwhile. */
export async function withCpu<T>(engine: EngineProcess, load: () => Promise<T>): Promise<T & CpuShare> {
  const engineBefore = engine.cpuSeconds();
  const generator = ownCpuMeter();
  const started = process.hrtime.bigint();
  const result = await load();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...result, generatorCores: generator(), engineCores: (engine.cpuSeconds() - engineBefore) / wallSeconds };
}
