import { randomUUID } from 'node:crypto';
import {
  CaseCommand, CaseEvent, CaseRecord, caseStreamId, chineseDaysCalendarYears, decideCase, evolveCase, initialCaseState, ItemVersion,
  ServiceWindow, WorkingCalendar,
} from '@gov/domain';
import { sealedApplicant } from '@gov/domain/testing/sealed-applicant';
import type { NewEvent, StoredEvent } from '@gov/event-store';

/**
 * Case histories decided by the real case decider, for the messaging tests: what the relay
 * reads is exactly what the engine would have stored, yellow and red cards included.
 */
export const CASE_STORIES = [
  'completed-in-time', 'warned-then-completed', 'overdue-then-completed-late', 'overdue-open', 'overdue-then-withdrawn', 'not-accepted',
] as const;

export type CaseStory = (typeof CASE_STORIES)[number];

export interface Department {
  readonly id: string;
  readonly prefix: string;
  /** Null: its cases arrive online, with no window. */
  readonly windowId: string | null;
}

export const DEPARTMENTS: readonly Department[] = [
  { id: 'zrzy', prefix: 'ZRZY', windowId: 'w-zrzy-1' },
  { id: 'scjg', prefix: 'SCJG', windowId: 'w-scjg-1' },
  { id: 'gaj', prefix: 'GAJ', windowId: null },
];

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
const RECEIVED_AT = '2026-04-07T01:00:00.000Z';

export const APPLICANT = { kind: 'person', name: '张三', idNumber: '110101199003071234', phone: '13800138000' } as const;

function itemOf(department: Department): ItemVersion {
  return {
    code: `${department.prefix}-001`, version: 2, name: '营业执照变更登记', departmentId: department.id, category: 'promised', legalBasis: '行政许可法',
    materials: [], procedure: [], legalLimitDays: 20, promisedLimitDays: 5, specialProcedures: [], fees: [],
  };
}

/** The story's domain events, in order, with the time each command was decided at. */
export function caseEvents(caseNo: string, department: Department, story: CaseStory): CaseEvent[] {
  const events: CaseEvent[] = [];
  const state = (): CaseRecord => events.reduce(evolveCase, initialCaseState()) as CaseRecord;
  const run = (command: CaseCommand, now: string) => events.push(...decideCase(command, events.reduce(evolveCase, initialCaseState()), { now, calendar }));
  const item = itemOf(department);
  const window: ServiceWindow | null = department.windowId ? { id: department.windowId, name: '窗口', departmentId: department.id, comprehensive: true } : null;
  run({
    type: 'ReceiveCase',
    data: {
      caseNo, itemCode: item.code, item: { status: 'published', current: item }, applicant: sealedApplicant(APPLICANT.name),
      channel: window ? 'window' : 'online', windowId: window?.id ?? null, window, subCenterId: null, subCenter: null,
      staffId: window ? 'staff-7' : null, materials: ['申请书'],
    },
  }, RECEIVED_AT);
  const { warnAt, dueAt } = state();
  const afterDue = (ms: number) => new Date(Date.parse(dueAt) + ms).toISOString();
  const warn = () => run({ type: 'RecordWarning', data: { dueAt } }, warnAt as string);
  const overdue = () => run({ type: 'RecordOverdue', data: { dueAt } }, afterDue(1));
  switch (story) {
    case 'completed-in-time':
      run({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予变更' } }, '2026-04-08T02:00:00.000Z');
      break;
    case 'warned-then-completed':
      warn();
      run({ type: 'CompleteCase', data: { outcome: 'refused', decision: '材料不符' } }, new Date(Date.parse(warnAt as string) + 3_600_000).toISOString());
      break;
    case 'overdue-then-completed-late':
      warn();
      overdue();
      run({ type: 'CompleteCase', data: { outcome: 'approved', decision: '准予变更' } }, afterDue(2 * 86_400_000));
      break;
    case 'overdue-open':
      warn();
      overdue();
      break;
    case 'overdue-then-withdrawn':
      overdue();
      run({ type: 'WithdrawCase', data: { reason: '申请人撤回' } }, afterDue(3_600_000));
      break;
    case 'not-accepted':
      run({ type: 'NotAcceptCase', data: { reason: '不属于受理范围' } }, '2026-04-07T02:00:00.000Z');
      break;
  }
  return events;
}

/** Domain events of any stream, as the handler would append them: each one's metadata says when it happened. */
export function toNewEvents(events: readonly { readonly type: string; readonly data: { readonly at: string } }[]): NewEvent[] {
  return events.map((event) => ({
    id: randomUUID(), type: event.type, schemaVersion: 1, data: event.data,
    metadata: { occurredAt: event.data.at, correlationId: randomUUID(), causationId: null, actor: { id: 'test', role: 'system' } },
  }));
}

/** As the store would return them, for tests of pure mapping code. */
export function toStoredEvents(caseNo: string, events: readonly CaseEvent[], firstPosition = 1): StoredEvent[] {
  return toStoredStream(caseStreamId(caseNo), events, firstPosition);
}

export function toStoredStream(streamId: string, events: readonly { readonly type: string; readonly data: { readonly at: string } }[], firstPosition = 1): StoredEvent[] {
  return toNewEvents(events).map((event, revision) => ({
    ...event, streamId, revision, position: firstPosition + revision, recordedAt: event.metadata.occurredAt,
  }));
}

export interface PlannedCase {
  readonly caseNo: string;
  readonly department: Department;
  readonly story: CaseStory;
}

/** `count` cases; every 18 cover each story in each department. Case numbers are unique per call. */
export function planCases(count: number, tag = randomUUID().slice(0, 5).toUpperCase()): PlannedCase[] {
  return planAcrossDepartments(count, CASE_STORIES, (department, story, i) => ({ caseNo: `${department.prefix}-${tag}-${String(i).padStart(5, '0')}`, department, story }));
}

/** `count` plans going round the departments, then round the stories: every departments × stories plans cover each story in each department. */
export function planAcrossDepartments<TStory, TPlan>(count: number, stories: readonly TStory[], plan: (department: Department, story: TStory, i: number) => TPlan): TPlan[] {
  return Array.from({ length: count }, (_, i) =>
    plan(DEPARTMENTS[i % DEPARTMENTS.length], stories[Math.floor(i / DEPARTMENTS.length) % stories.length], i));
}
