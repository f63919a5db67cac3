import type { ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';

/** The events that change what the hall display shows. */
const BOARD_EVENTS = [
  'CaseReceived', 'CaseCompleted', 'CaseWithdrawn', 'CaseNotAccepted', 'WindowRegistered', 'SubCenterRegistered', 'DepartmentRegistered',
  'TicketDrawn', 'TicketCalled', 'TicketRecalled', 'TicketNoShow', 'TicketTransferred', 'QueueDefined',
];
/** A call is announced at once (`event: call`), not only with the next board. */
const CALL_EVENTS = new Set(['TicketCalled', 'TicketRecalled']);
/** A burst of commands (a busy morning) makes one push, not one per event. */
const COALESCE_MS = 500;
/** The board is pushed again this often even when nothing happened: the day rolls over, the screen knows it is live. */
const REFRESH_MS = 60_000;
const HEARTBEAT_MS = 15_000;

/**
 * One subscription to the store's log for every screen in the hall: when an event changes
 * the board, it is read once (from fresh read models) and pushed to each screen as a whole,
 * so a screen that missed a message is right again at the next one. The subscription runs
 * only while a screen is connected.
 */
export class HallFeed {
  private readonly logger = new Logger('hall');
  private readonly screens = new Set<ServerResponse>();
  private subscription: Promise<Subscription> | null = null;
  private push: NodeJS.Timeout | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly readBoard: () => Promise<unknown>,
    /** What a screen is told of a call event (the window's name looked up). */
    private readonly callOf: (event: StoredEvent) => Promise<unknown> = async (event) => event.data,
  ) {}

  /** Adds a screen: it gets the board at once, then every change. */
  async connect(out: ServerResponse, onClose: (listener: () => void) => void): Promise<void> {
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    out.write(': 大厅电子显示屏\n\n');
    this.screens.add(out);
    onClose(() => this.disconnect(out));
    if (!this.subscription) {
      this.timers = [
        setInterval(() => this.schedule(), REFRESH_MS),
        setInterval(() => this.broadcast(': ping\n\n'), HEARTBEAT_MS),
      ];
      this.subscription = this.subscribe();
    }
    await this.subscription;
    out.write(message(await this.readBoard()));
  }

  async close(): Promise<void> {
    for (const out of this.screens) out.end();
    this.screens.clear();
    await this.stop();
  }

  private disconnect(out: ServerResponse): void {
    this.screens.delete(out);
    if (this.screens.size === 0) void this.stop();
  }

  private async subscribe(): Promise<Subscription> {
    const after = await this.store.headPosition();
    return this.store.subscribeToAll(
      { after, types: BOARD_EVENTS, batchSize: 500, onError: (error) => this.logger.error({ msg: 'hall feed', error: String(error) }) },
      async (events) => {
        for (const event of events) if (CALL_EVENTS.has(event.type)) this.broadcast(`event: call\ndata: ${JSON.stringify(await this.callOf(event))}\n\n`);
        this.schedule();
      },
    );
  }

  private async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    if (this.push) clearTimeout(this.push);
    this.push = null;
    const subscription = this.subscription;
    this.subscription = null;
    await (await subscription)?.stop();
  }

  private schedule(): void {
    if (this.push) return;
    this.push = setTimeout(() => {
      this.push = null;
      this.readBoard().then(
        (board) => this.broadcast(message(board)),
        (error: unknown) => this.logger.error({ msg: 'hall board', error: String(error) }),
      );
    }, COALESCE_MS);
  }

  private broadcast(text: string): void {
    for (const out of this.screens) out.write(text);
  }
}

function message(board: unknown): string {
  return `event: board\ndata: ${JSON.stringify(board)}\n\n`;
}
