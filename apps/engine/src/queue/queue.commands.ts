import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  chooseQueue, LocalDate, parseTicketId, QUEUE_SETUP_STREAM, QueueDefinition, queueOfDepartment, queueOfPrefix, queueSetupDecider, QueueSetupCommand,
  queuesOfWindow, RuleViolation, shanghaiDateOf, TicketChannel, TicketCommand, ticketQueueDecider, ticketQueueStreamId, TimeSlot, waitingCount,
} from '@gov/domain';
import { ReferenceData } from '../infrastructure/reference-data';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { Commands } from '../write/commands';
import { QueueTurns } from './queue-turns';

/** The center defines a queue or sets the queues a window calls from. */
export class QueueSetupActionCommand {
  constructor(readonly command: QueueSetupCommand, readonly meta: CommandMeta, readonly status = 200) {}
}

/** A ticket drawn at the kiosk (walk-in, today) or booked by the online channel for a time slot. */
export class DrawTicketCommand {
  constructor(
    readonly request: { readonly itemCode?: string; readonly departmentId?: string; readonly channel: TicketChannel; readonly appointment: TimeSlot | null },
    readonly meta: CommandMeta,
  ) {}
}

/** A window calls the next ticket it can serve, from any of its queues. */
export class CallNextCommand {
  constructor(readonly windowId: string, readonly meta: CommandMeta) {}
}

/** Recall, no-show or transfer of the ticket standing at a window. */
export class TicketActionCommand {
  constructor(readonly ticketId: string, readonly command: (ticketNo: string, queue: QueueDefinition) => TicketCommand, readonly meta: CommandMeta) {}
}

@CommandHandler(QueueSetupActionCommand)
export class QueueSetupHandler implements ICommandHandler<QueueSetupActionCommand, CommandResponse> {
  constructor(private readonly commands: Commands) {}

  execute({ command, meta, status }: QueueSetupActionCommand): Promise<CommandResponse> {
    return this.commands.handle(queueSetupDecider, QUEUE_SETUP_STREAM, command, meta, { respond: (_state, events) => ({ status, body: events[0]?.data ?? null }) });
  }
}

@CommandHandler(DrawTicketCommand)
export class DrawTicketHandler implements ICommandHandler<DrawTicketCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, private readonly turns: QueueTurns) {}

  async execute({ request, meta }: DrawTicketCommand): Promise<CommandResponse> {
    const reference = await this.reference.current();
    const departmentId = request.itemCode === undefined ? request.departmentId : departmentOfItem(reference, request.itemCode);
    if (departmentId === undefined || !reference.organization.departments.has(departmentId)) {
      throw new RuleViolation('QUEUE.UNKNOWN_DEPARTMENT', 'TicketIsForAKnownDepartment', `no department ${departmentId}`, 'not-found');
    }
    const queue = queueOfDepartment(reference.queueSetup, departmentId);
    if (!queue) throw new RuleViolation('QUEUE.NONE_FOR_DEPARTMENT', 'DepartmentHasAQueue', `department ${departmentId} has no queue`, 'unprocessable');
    const day: LocalDate = shanghaiDateOf(request.appointment?.from ?? meta.now);
    const streamId = ticketQueueStreamId(queue.queueId, day);
    return this.turns.run(streamId, () => this.commands.handle(ticketQueueDecider, streamId, {
      type: 'DrawTicket',
      data: { queueId: queue.queueId, prefix: queue.prefix, day, channel: request.channel, departmentId, itemCode: request.itemCode ?? null, appointment: request.appointment },
    }, meta, {
      respond: (state, events) => {
        const ticket = events[0]?.data as { ticketId: string; ticketNo: string; at: string } | undefined;
        return { status: 201, body: ticket && { ...ticket, queueId: queue.queueId, queueName: queue.name, day, waitingAhead: waitingCount(state) - 1, appointment: request.appointment } };
      },
    }));
  }
}

function departmentOfItem(reference: ReferenceData, itemCode: string): string {
  const item = reference.item(itemCode);
  if (item.status !== 'published') throw new RuleViolation('QUEUE.UNKNOWN_ITEM', 'TicketIsForAPublishedItem', `no published item ${itemCode}`, 'not-found');
  return item.current.departmentId;
}

/** A comprehensive window's few queues are read (from the cache, as last written) to choose one; the call is decided on it. */
const CHOICES = 3;

@CommandHandler(CallNextCommand)
export class CallNextHandler implements ICommandHandler<CallNextCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, private readonly turns: QueueTurns) {}

  async execute({ windowId, meta }: CallNextCommand): Promise<CommandResponse> {
    const reference = await this.reference.current();
    if (!reference.organization.windows.has(windowId)) throw new RuleViolation('QUEUE.UNKNOWN_WINDOW', 'QueueWindowMustExist', `no window ${windowId}`, 'not-found');
    const today = shanghaiDateOf(meta.now);
    let queues = queuesOfWindow(reference.queueSetup, reference.organization, windowId);
    for (let attempt = 0; attempt < CHOICES && queues.length > 0; attempt += 1) {
      const states = await Promise.all(queues.map(async (queue) => ({
        queue, state: await this.commands.stateOf(ticketQueueDecider, ticketQueueStreamId(queue.queueId, today)),
      })));
      const chosen = chooseQueue(states, windowId, meta.now);
      if (!chosen) break;
      try {
        const streamId = ticketQueueStreamId(chosen.queue.queueId, today);
        return await this.turns.run(streamId, () => this.commands.handle(ticketQueueDecider, streamId, { type: 'CallNext', data: { windowId } }, meta, {
          respond: (state, events) => ({ status: 200, body: { ...events[0]?.data, queueName: chosen.queue.name, waiting: waitingCount(state) } }),
        }));
      } catch (error) {
        // Another window took the last one meanwhile: choose again among the rest.
        if (!(error instanceof RuleViolation && error.code === 'QUEUE.NOTHING_WAITING')) throw error;
        queues = queues.filter((queue) => queue !== chosen.queue);
      }
    }
    throw new RuleViolation('QUEUE.NOTHING_WAITING', 'SomeoneMustBeWaiting', `no ticket waits for window ${windowId}`, 'conflict');
  }
}

@CommandHandler(TicketActionCommand)
export class TicketActionHandler implements ICommandHandler<TicketActionCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, private readonly turns: QueueTurns) {}

  async execute({ ticketId, command, meta }: TicketActionCommand): Promise<CommandResponse> {
    const parsed = parseTicketId(ticketId);
    const queue = parsed && queueOfPrefix((await this.reference.current()).queueSetup, parsed.prefix);
    if (!parsed || !queue) throw new RuleViolation('QUEUE.TICKET_NOT_FOUND', 'TicketMustExist', `no ticket ${ticketId}`, 'not-found');
    const streamId = ticketQueueStreamId(queue.queueId, parsed.day);
    return this.turns.run(streamId, () => this.commands.handle(ticketQueueDecider, streamId, command(parsed.ticketNo, queue), meta, {
      respond: (_state, events) => ({ status: 200, body: events[0]?.data ?? null }),
    }));
  }
}
