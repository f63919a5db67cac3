import { randomUUID } from 'node:crypto';
import {
  chineseDaysCalendarYears, ComplaintCommand, ComplaintEvent, complaintStreamId, decideComplaint, decideRectification, evolveComplaint,
  evolveRectification, initialComplaintState, initialRectificationState, RectificationCommand, RectificationEvent, rectificationStreamId,
  WorkingCalendar,
} from '@gov/domain';
import type { NewEvent } from '@gov/event-store';
import { Department, DEPARTMENTS, planAcrossDepartments, toNewEvents } from './case-stories';

/**
 * Complaint and rectification histories decided by the real deciders, for the messaging tests.
 * The complainant is sealed as the engine's handler seals them; the clear fields are exported
 * so tests can look for them on the bus (they must not be there).
 */
export const COMPLAINT_STORIES = [
  'filed-open', 'investigating', 'concluded-with-actions-feedback-late', 'concluded-awaiting-feedback', 'declined-then-feedback', 'automatic-accepted',
] as const;

export type ComplaintStory = (typeof COMPLAINT_STORIES)[number];

export const COMPLAINANT = { kind: 'named', name: '王五', contact: '13900139000', idNumber: '110101198805051234' } as const;
/** Free text that must stay inside the engine. */
export const COMPLAINT_FREE_TEXT = ['窗口人员索要好处费', '收据 0042', '情况属实', '已核实并答复', '不属于受理范围', '李四', '调查员赵六', '已整改'];

const calendar = new WorkingCalendar(chineseDaysCalendarYears());
export const FEEDBACK_WORKING_DAYS = 15;
const FILED_AT = '2026-04-15T02:00:00.000Z';
const day = (n: number) => new Date(Date.parse(FILED_AT) + n * 86_400_000).toISOString();

/** The story's domain events, in order, each decided at its own time. */
export function complaintEvents(complaintNo: string, department: Department, story: ComplaintStory): ComplaintEvent[] {
  const events: ComplaintEvent[] = [];
  const run = (command: ComplaintCommand, now: string) =>
    events.push(...decideComplaint(command, events.reduce(evolveComplaint, initialComplaintState()), { now, calendar, feedbackWorkingDays: FEEDBACK_WORKING_DAYS }));
  const automatic = story === 'automatic-accepted';
  const staffId = department.windowId ? 'staff-7' : null;
  const caseNo = `${department.prefix}-20260407-00001`;
  run({
    type: 'FileComplaint',
    data: {
      complaintNo, category: automatic ? 'not-within-time-limit' : 'favours-gifts-bribes', channel: automatic ? 'automatic' : 'window',
      complainant: automatic ? { kind: 'system', trigger: 'CaseOverdue' } : COMPLAINANT,
      sealedComplainant: automatic ? null : { personId: `person-${complaintNo}`, sealed: `sealed:person-${complaintNo}` },
      target: automatic ? { caseNo } : { windowId: department.windowId, staffId, departmentId: department.id },
      lookups: {
        department: automatic ? null : { id: department.id }, window: department.windowId && !automatic ? { departmentId: department.id } : null,
        staff: staffId && !automatic ? { departmentId: department.id } : null, case: automatic ? { departmentId: department.id } : null, item: null,
      },
      summary: COMPLAINT_FREE_TEXT[0], evidence: [COMPLAINT_FREE_TEXT[1]],
    },
  }, FILED_AT);
  const conclude = (now: string) => {
    run({ type: 'AcceptComplaint', data: { note: null } }, day(1));
    run({ type: 'StartInvestigation', data: { investigator: COMPLAINT_FREE_TEXT[6] } }, day(2));
    run({
      type: 'ConcludeComplaint',
      data: {
        substantiated: true, findings: COMPLAINT_FREE_TEXT[2], postedStaff: staffId ? [staffId] : [],
        actions: [
          { kind: 'admonish-department', departmentId: department.id },
          ...(staffId ? [{ kind: 'return-staff' as const, staffId }] : []),
          { kind: 'hold-accountable', role: 'directly-responsible', person: COMPLAINT_FREE_TEXT[5] },
        ],
      },
    }, now);
  };
  switch (story) {
    case 'filed-open':
      break;
    case 'investigating':
      run({ type: 'AcceptComplaint', data: { note: null } }, day(1));
      run({ type: 'StartInvestigation', data: { investigator: COMPLAINT_FREE_TEXT[6] } }, day(2));
      break;
    case 'concluded-with-actions-feedback-late':
      conclude(day(10));
      run({ type: 'GiveFeedback', data: { message: COMPLAINT_FREE_TEXT[3] } }, day(40));
      break;
    case 'concluded-awaiting-feedback':
      conclude(day(5));
      break;
    case 'declined-then-feedback':
      run({ type: 'DeclineComplaint', data: { reason: COMPLAINT_FREE_TEXT[4] } }, day(1));
      run({ type: 'GiveFeedback', data: { message: COMPLAINT_FREE_TEXT[3] } }, day(2));
      break;
    case 'automatic-accepted':
      run({ type: 'AcceptComplaint', data: { note: null } }, day(1));
      break;
  }
  return events;
}

/** A bad rating's rectification: opened, and answered late when `answered` says so. */
export function rectificationEvents(caseNo: string, department: Department, answered: 'open' | 'answered-late'): RectificationEvent[] {
  const events: RectificationEvent[] = [];
  const run = (command: RectificationCommand, now: string) =>
    events.push(...decideRectification(command, events.reduce(evolveRectification, initialRectificationState()), { now, calendar, answerWorkingDays: 15 }));
  run({
    type: 'OpenRectification',
    data: { rectificationNo: `ZG-${caseNo}`, caseNo, departmentId: department.id, windowId: department.windowId, level: 'very-dissatisfied', comment: COMPLAINT_FREE_TEXT[1] },
  }, FILED_AT);
  if (answered === 'answered-late') run({ type: 'AnswerRectification', data: { answer: COMPLAINT_FREE_TEXT[7] } }, day(60));
  return events;
}

export interface PlannedComplaint {
  readonly complaintNo: string;
  readonly department: Department;
  readonly story: ComplaintStory;
}

/** `count` complaints; every 18 cover each story in each department. Numbers are unique per call. */
export function planComplaints(count: number, tag = randomUUID().slice(0, 5).toUpperCase()): PlannedComplaint[] {
  return planAcrossDepartments(count, COMPLAINT_STORIES, (department, story, i) => ({ complaintNo: `TS-${tag}-${String(i).padStart(5, '0')}`, department, story }));
}

/** Each planned complaint's stream and events, and one rectification per department (every other one answered late). */
export function complaintStreams(complaints: readonly PlannedComplaint[], tag = complaints[0]?.complaintNo ?? 'X'): { streamId: string; events: NewEvent[] }[] {
  return [
    ...complaints.map((planned) => ({
      streamId: complaintStreamId(planned.complaintNo), events: toNewEvents(complaintEvents(planned.complaintNo, planned.department, planned.story)),
    })),
    ...DEPARTMENTS.map((department, i) => {
      const caseNo = `${department.prefix}-${tag}-R`;
      return { streamId: rectificationStreamId(`ZG-${caseNo}`), events: toNewEvents(rectificationEvents(caseNo, department, i % 2 === 0 ? 'answered-late' : 'open')) };
    }),
  ];
}
