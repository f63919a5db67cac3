import type { OrganizationState } from '../organization';
import { Decider, DomainEvent, rule } from '../shared';

/**
 * The hall's queues (排队叫号): each has a letter prefix for its tickets (A001…) and the
 * departments whose items it takes, so a department's windows share one queue. A window serves
 * its department's queue unless the center sets its queues (a comprehensive window, 综合窗口,
 * serving several departments).
 */
export interface QueueDefinition {
  readonly queueId: string;
  readonly name: string;
  /** One or two capital letters, unique in the hall: the ticket's number says where to go. */
  readonly prefix: string;
  readonly departmentIds: readonly string[];
}

export type DefineQueue = { readonly type: 'DefineQueue'; readonly data: QueueDefinition & { readonly organization: OrganizationState } };
export type SetWindowQueues = {
  readonly type: 'SetWindowQueues';
  readonly data: { readonly windowId: string; readonly queueIds: readonly string[]; readonly organization: OrganizationState };
};
export type QueueSetupCommand = DefineQueue | SetWindowQueues;

export type QueueDefined = DomainEvent<'QueueDefined', QueueDefinition>;
export type WindowQueuesSet = DomainEvent<'WindowQueuesSet', { readonly windowId: string; readonly queueIds: readonly string[] }>;
export type QueueSetupEvent = QueueDefined | WindowQueuesSet;

/** Small and rarely changed, like the organization: one stream. */
export const QUEUE_SETUP_STREAM = 'queue-setup';
export const QUEUE_SETUP_EVENTS: readonly QueueSetupEvent['type'][] = ['QueueDefined', 'WindowQueuesSet'];

export interface QueueSetupState {
  readonly queues: ReadonlyMap<string, QueueDefinition>;
  /** Windows whose queues the center set; the others serve their department's queue. */
  readonly windowQueues: ReadonlyMap<string, readonly string[]>;
}

export function initialQueueSetupState(): QueueSetupState {
  return { queues: new Map(), windowQueues: new Map() };
}

export function decideQueueSetup(command: QueueSetupCommand, state: QueueSetupState): QueueSetupEvent[] {
  if (command.type === 'DefineQueue') {
    const { organization, ...queue } = command.data;
    rule('QueueIdIsUnique', 'QUEUE.EXISTS', 'conflict', !state.queues.has(queue.queueId), `queue ${queue.queueId} is already defined`);
    const others = [...state.queues.values()];
    rule('QueuePrefixIsUnique', 'QUEUE.PREFIX_TAKEN', 'conflict', !others.some((q) => q.prefix === queue.prefix),
      `ticket prefix ${queue.prefix} belongs to another queue`);
    for (const departmentId of queue.departmentIds) {
      rule('QueueDepartmentMustExist', 'QUEUE.UNKNOWN_DEPARTMENT', 'unprocessable', organization.departments.has(departmentId),
        `no department ${departmentId}`, { departmentId });
      const holder = others.find((q) => q.departmentIds.includes(departmentId));
      rule('ADepartmentHasOneQueue', 'QUEUE.DEPARTMENT_TAKEN', 'conflict', holder === undefined,
        `department ${departmentId} already queues in ${holder?.queueId}`, { departmentId });
    }
    return [{ type: 'QueueDefined', data: queue }];
  }
  const { windowId, queueIds } = command.data;
  rule('QueueWindowMustExist', 'QUEUE.UNKNOWN_WINDOW', 'not-found', command.data.organization.windows.has(windowId), `no window ${windowId}`);
  for (const queueId of queueIds) {
    rule('ServedQueueMustExist', 'QUEUE.NOT_FOUND', 'unprocessable', state.queues.has(queueId), `no queue ${queueId}`, { queueId });
  }
  return [{ type: 'WindowQueuesSet', data: { windowId, queueIds: [...new Set(queueIds)] } }];
}

export function evolveQueueSetup(state: QueueSetupState, event: QueueSetupEvent): QueueSetupState {
  switch (event.type) {
    case 'QueueDefined':
      return { ...state, queues: new Map(state.queues).set(event.data.queueId, event.data) };
    case 'WindowQueuesSet':
      return { ...state, windowQueues: new Map(state.windowQueues).set(event.data.windowId, event.data.queueIds) };
  }
}

export const queueSetupDecider: Decider<QueueSetupCommand, QueueSetupState, QueueSetupEvent, unknown> = {
  initialState: initialQueueSetupState, evolve: evolveQueueSetup, decide: (command, state) => decideQueueSetup(command, state),
};

/** The queue a department's tickets are drawn in, if any. */
export function queueOfDepartment(setup: QueueSetupState, departmentId: string): QueueDefinition | undefined {
  return [...setup.queues.values()].find((queue) => queue.departmentIds.includes(departmentId));
}

/** The queue whose tickets carry this prefix. */
export function queueOfPrefix(setup: QueueSetupState, prefix: string): QueueDefinition | undefined {
  return [...setup.queues.values()].find((queue) => queue.prefix === prefix);
}

/** The queues a window calls from: those the center set, else its department's. */
export function queuesOfWindow(setup: QueueSetupState, organization: OrganizationState, windowId: string): readonly QueueDefinition[] {
  const set = setup.windowQueues.get(windowId);
  if (set) return set.flatMap((queueId) => setup.queues.get(queueId) ?? []);
  const departmentId = organization.windows.get(windowId)?.departmentId;
  const own = departmentId === undefined ? undefined : queueOfDepartment(setup, departmentId);
  return own ? [own] : [];
}
