import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CaseCommand } from '@gov/domain';
import { DeadlineQueries, TaskQueries } from '@gov/projections';
import { CommandMeta, CommandResponse } from '../write/command-meta';
import { WatchedCaseCommand } from '../cases';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Clock } from '../infrastructure/clock';
import { ReadModelCatchUp } from '../infrastructure/read-model-catch-up';

const BATCH = 500;
/** Upper bound on a sleep: a safety net should a wake-up be missed, and the live clock's drift. */
const MAX_SLEEP_MS = 30_000;
const IDLE_POLL_MS = 1_000;

/**
 * Makes deadlines live: records yellow cards, red cards and §32 deemed acceptances when
 * their moment passes, and reschedules open cases when a calendar year is published or
 * corrected. It reads the `deadlines` agenda (indexed by the next moment of interest), so
 * it touches only what is due and sleeps until the next one; the domain's watched commands
 * record each card exactly once per case and due time, across restarts and crashes —
 * moments that passed while the engine was down are caught up by the first pass.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('deadline-watcher');
  private running: Promise<number> | null = null;
  /** The scheduled pass and the agenda read that sets the next wake-up, so shutdown waits for both. */
  private cycle: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly clock: Clock,
    private readonly readModels: ReadModelCatchUp,
    private readonly deadlines: DeadlineQueries,
    private readonly commandBus: CommandBus,
    private readonly tasks: TaskQueries,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.deadlineWatcher) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.cycle;
    await this.running;
  }

  /** One full pass at the clock's current time; returns how many events it recorded. Tests drive it directly. */
  async tick(): Promise<number> {
    while (this.running) await this.running;
    this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => (this.cycle = this.passThenSchedule()), delayMs);
  }

  private async passThenSchedule(): Promise<void> {
    await this.tick().catch((error: Error) => this.logger.error(`pass failed: ${error.stack ?? error.message}`));
    if (this.stopped) return;
    // An agenda that cannot be read now (the database restarting) is tried again at the idle poll.
    const sleep = await this.sleepMs().catch((error: Error) => {
      this.logger.error(`agenda read failed: ${error.message}`);
      return IDLE_POLL_MS;
    });
    this.schedule(sleep);
  }

  /** Until the next moment on the agenda; polling briefly when the agenda is empty, since new cases arrive. */
  private async sleepMs(): Promise<number> {
    const next = await this.deadlines.nextFireAt();
    if (next === null) return IDLE_POLL_MS;
    const wait = Date.parse(next) - this.clock.now().getTime();
    return Math.max(0, Math.min(wait + 1, IDLE_POLL_MS, MAX_SLEEP_MS));
  }

  private async pass(): Promise<number> {
    let recorded = 0;
    await this.readModels.catchUp();
    recorded += await this.rescheduleForCalendarChanges();
    const attempted = new Set<string>();
    for (;;) {
      const now = this.clock.now().toISOString();
      const due = (await this.deadlines.due(now, BATCH)).filter((row) => !attempted.has(`${row.caseNo}@${row.dueAt}`));
      if (due.length === 0) break;
      for (const row of due) {
        attempted.add(`${row.caseNo}@${row.dueAt}`);
        recorded += await this.record(row.caseNo, [
          { type: 'DeemAcceptance', data: {} },
          { type: 'RecordWarning', data: { dueAt: row.dueAt } },
          { type: 'RecordOverdue', data: { dueAt: row.dueAt } },
        ], now);
      }
      await this.readModels.catchUp();
    }
    recorded += await this.recordStepDeadlines();
    if (recorded > 0) this.logger.log(`recorded ${recorded} deadline events`);
    return recorded;
  }

  /** The steps' warnings and overruns (issue 24), from the worklists' agenda, each once per step and due time. */
  private async recordStepDeadlines(): Promise<number> {
    let recorded = 0;
    const attempted = new Set<string>();
    for (;;) {
      const now = this.clock.now().toISOString();
      const due = (await this.tasks.dueSteps(now, BATCH)).filter((row) => !attempted.has(`${row.caseNo}@${row.stepId}@${row.dueAt}`));
      if (due.length === 0) return recorded;
      for (const row of due) {
        attempted.add(`${row.caseNo}@${row.stepId}@${row.dueAt}`);
        const step = { stepId: row.stepId, dueAt: row.dueAt };
        recorded += await this.record(row.caseNo, [{ type: 'RecordStepWarning', data: step }, { type: 'RecordStepOverrun', data: step }], now);
      }
      await this.readModels.catchUp();
    }
  }

  private async rescheduleForCalendarChanges(): Promise<number> {
    let recorded = 0;
    for (const change of await this.deadlines.pendingCalendarChanges()) {
      let after = '';
      for (;;) {
        const caseNos = await this.deadlines.openCasesTouchingYear(change.year, after, BATCH);
        if (caseNos.length === 0) break;
        const now = this.clock.now().toISOString();
        for (const caseNo of caseNos) recorded += await this.record(caseNo, [{ type: 'RescheduleDeadline', data: { calendarYear: change.year } }], now);
        after = caseNos[caseNos.length - 1];
      }
      await this.deadlines.markCalendarChangeProcessed(change.position);
    }
    if (recorded > 0) await this.readModels.catchUp();
    return recorded;
  }

  /** Decides the watched commands in turn on the case's fresh state; each records at most one event. */
  private async record(caseNo: string, commands: CaseCommand[], now: string): Promise<number> {
    let recorded = 0;
    for (const command of commands) {
      const response: CommandResponse<number> = await this.commandBus.execute(new WatchedCaseCommand(caseNo, command, this.meta(now)));
      recorded += response.body;
    }
    return recorded;
  }

  private meta(now: string): CommandMeta {
    return { now, correlationId: randomUUID(), causationId: null, actor: { id: 'deadline-watcher', role: 'system' } };
  }
}
