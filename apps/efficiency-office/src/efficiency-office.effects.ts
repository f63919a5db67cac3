import { CaseEventTypes, IntegrationEvent, parseCaseEventV1, parseTicketEventV1, TicketEventTypes, TicketRefV1 } from '@gov/messaging';

/** What one case event changes in the efficiency office's (效能办) read model. */
export type EfficiencyOfficeEffect =
  | { readonly kind: 'case-opened'; readonly caseNo: string; readonly departmentId: string; readonly windowId: string | null; readonly itemCode: string; readonly receivedAt: string; readonly dueAt: string }
  | { readonly kind: 'case-closed'; readonly caseNo: string; readonly status: 'completed' | 'withdrawn' | 'not-accepted'; readonly closedAt: string }
  | { readonly kind: 'card-counted'; readonly card: Card; readonly scope: 'department' | 'window'; readonly scopeId: string }
  | { readonly kind: 'overdue-opened'; readonly caseNo: string; readonly departmentId: string; readonly windowId: string | null; readonly itemCode: string; readonly dueDate: string; readonly dueAt: string; readonly overdueAt: string }
  | { readonly kind: 'overdue-closed'; readonly caseNo: string }
  /** A step's warning (yellow), overrun (red) or return (issue 24): who held it, in which department, when. */
  | { readonly kind: 'step-noted'; readonly note: StepNote; readonly caseNo: string; readonly stepId: string; readonly departmentId: string;
      readonly staffId: string | null; readonly dueAt: string | null; readonly at: string }
  | TicketEffect;

export type StepNote = 'yellow' | 'red' | 'returned';

/** A ticket of the hall's queues (排队叫号): drawn, called (its wait known), or not there when called. */
export type TicketEffect =
  | { readonly kind: 'ticket-drawn'; readonly ticketId: string; readonly queueId: string; readonly departmentId: string; readonly day: string; readonly waitFrom: string }
  | { readonly kind: 'ticket-called'; readonly ticketId: string; readonly queueId: string; readonly departmentId: string; readonly day: string; readonly waitFrom: string;
      readonly windowId: string; readonly calledAt: string; readonly waitedSeconds: number }
  | { readonly kind: 'ticket-no-show'; readonly ticketId: string; readonly queueId: string; readonly departmentId: string; readonly day: string; readonly waitFrom: string };

export type Card = 'yellow' | 'red';

/**
 * The efficiency office counts yellow cards (预警) and red cards (超期) per department and
 * per window, keeps the open cases, and lists the overdue cases still open until they are
 * completed or withdrawn. Pure: the event in, the effects out.
 */
export function efficiencyOfficeEffects(event: IntegrationEvent): EfficiencyOfficeEffect[] {
  if (event.channel === 'queue') return ticketEffects(event);
  const parsed = parseCaseEventV1(event);
  if (!parsed) return [];
  switch (parsed.type) {
    case CaseEventTypes.received: {
      const { caseNo, departmentId, windowId, itemCode, receivedAt, dueAt } = parsed.data;
      return [{ kind: 'case-opened', caseNo, departmentId, windowId, itemCode, receivedAt, dueAt }];
    }
    case CaseEventTypes.notAccepted:
      return [{ kind: 'case-closed', caseNo: parsed.data.caseNo, status: 'not-accepted', closedAt: parsed.data.notAcceptedAt }];
    case CaseEventTypes.warned:
      return cardsFor('yellow', parsed.data);
    case CaseEventTypes.overdue: {
      const { caseNo, departmentId, windowId, itemCode, dueDate, dueAt, overdueAt } = parsed.data;
      return [...cardsFor('red', parsed.data), { kind: 'overdue-opened', caseNo, departmentId, windowId, itemCode, dueDate, dueAt, overdueAt }];
    }
    case CaseEventTypes.completed:
      return [
        { kind: 'case-closed', caseNo: parsed.data.caseNo, status: 'completed', closedAt: parsed.data.completedAt },
        { kind: 'overdue-closed', caseNo: parsed.data.caseNo },
      ];
    case CaseEventTypes.withdrawn:
      return [
        { kind: 'case-closed', caseNo: parsed.data.caseNo, status: 'withdrawn', closedAt: parsed.data.withdrawnAt },
        { kind: 'overdue-closed', caseNo: parsed.data.caseNo },
      ];
    case CaseEventTypes.stepWarned:
    case CaseEventTypes.stepOverran: {
      const d = parsed.data;
      const red = parsed.type === CaseEventTypes.stepOverran;
      const at = 'overranAt' in d ? d.overranAt : (d as { warnedAt: string }).warnedAt;
      return [{ kind: 'step-noted', note: red ? 'red' : 'yellow', caseNo: d.caseNo, stepId: d.stepId, departmentId: d.stepDepartmentId, staffId: d.holder, dueAt: d.dueAt, at }];
    }
    case CaseEventTypes.stepReturned: {
      const d = parsed.data;
      return [{ kind: 'step-noted', note: 'returned', caseNo: d.caseNo, stepId: d.stepId, departmentId: d.stepDepartmentId, staffId: d.staffId, dueAt: null, at: d.returnedAt }];
    }
    case CaseEventTypes.stepStarted:
    case CaseEventTypes.stepCompleted:
    case CaseEventTypes.feeReduced:
    case CaseEventTypes.feeRefunded:
      return [];
  }
}

/** A card counts for the department, and for the window when the case came through one. */
function cardsFor(card: Card, data: { readonly departmentId: string; readonly windowId: string | null }): EfficiencyOfficeEffect[] {
  const effects: EfficiencyOfficeEffect[] = [{ kind: 'card-counted', card, scope: 'department', scopeId: data.departmentId }];
  if (data.windowId !== null) effects.push({ kind: 'card-counted', card, scope: 'window', scopeId: data.windowId });
  return effects;
}

/**
 * The hall's waits (half of efficiency): a ticket waits from its drawing, or for an appointment
 * (预约) from the start of its slot, until its first call; a recall or a transfer does not start
 * it again. Every ticket event repeats its drawing, so each effect stands alone.
 */
function ticketEffects(event: IntegrationEvent): TicketEffect[] {
  const parsed = parseTicketEventV1(event);
  if (!parsed) return [];
  const { ticketId, queueId, departmentId, day } = parsed.data;
  const ticket = { ticketId, queueId, departmentId, day, waitFrom: waitFrom(parsed.data) };
  switch (parsed.type) {
    case TicketEventTypes.drawn:
      return [{ kind: 'ticket-drawn', ...ticket }];
    case TicketEventTypes.called: {
      const waitedSeconds = Math.max(0, Math.round((Date.parse(parsed.data.calledAt) - Date.parse(ticket.waitFrom)) / 1000));
      return [{ kind: 'ticket-called', ...ticket, windowId: parsed.data.windowId, calledAt: parsed.data.calledAt, waitedSeconds }];
    }
    case TicketEventTypes.noShow:
      return [{ kind: 'ticket-no-show', ...ticket }];
    case TicketEventTypes.recalled:
    case TicketEventTypes.transferred:
      return [];
  }
}

function waitFrom(ticket: TicketRefV1): string {
  return ticket.appointmentFrom !== null && Date.parse(ticket.appointmentFrom) > Date.parse(ticket.drawnAt) ? ticket.appointmentFrom : ticket.drawnAt;
}

