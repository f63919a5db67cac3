import type { StoredEvent } from '@gov/event-store';
import { ConsumerDb, PUBLISHED_CASE_EVENT_TYPES } from '@gov/messaging';
import type { PlannedCase } from '@gov/messaging/testing/case-stories';
import { cardCounts, CardCountRow, openOverdueCases } from '../../apps/efficiency-office/src/efficiency-office.read-model';
import { lateCases } from '../../apps/discipline/src/discipline.read-model';
import { openComplaints, overdueFeedback } from '../../apps/discipline/src/complaint.read-model';
import type { PlannedComplaint } from '@gov/messaging/testing/complaint-stories';

/**
 * What the two read models must hold after the planned cases, worked out from the stories
 * alone (not from the code under test): yellow cards for the warned stories, red cards for
 * the overdue ones, counted per department and per window.
 */
const WARNED = new Set(['warned-then-completed', 'overdue-then-completed-late', 'overdue-open']);
const OVERDUE = new Set(['overdue-then-completed-late', 'overdue-open', 'overdue-then-withdrawn']);
const DISCIPLINE_STATUS: Record<string, string> = {
  'overdue-then-completed-late': 'completed-late', 'overdue-open': 'overdue-open', 'overdue-then-withdrawn': 'withdrawn-while-overdue',
};

export function expectedCardCounts(cases: readonly PlannedCase[], scope: 'department' | 'window'): CardCountRow[] {
  const counts = new Map<string, { yellow: number; red: number }>();
  for (const { department, story } of cases) {
    const scopeId = scope === 'department' ? department.id : department.windowId;
    if (scopeId === null || (!WARNED.has(story) && !OVERDUE.has(story))) continue;
    const row = counts.get(scopeId) ?? { yellow: 0, red: 0 };
    counts.set(scopeId, { yellow: row.yellow + (WARNED.has(story) ? 1 : 0), red: row.red + (OVERDUE.has(story) ? 1 : 0) });
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([scopeId, row]) => ({ scope, scopeId, ...row }));
}

export function expectedOpenOverdue(cases: readonly PlannedCase[]): string[] {
  return cases.filter((planned) => planned.story === 'overdue-open').map((planned) => planned.caseNo).sort();
}

export function expectedLateCases(cases: readonly PlannedCase[]): { caseNo: string; status: string }[] {
  return cases.filter((planned) => DISCIPLINE_STATUS[planned.story])
    .map((planned) => ({ caseNo: planned.caseNo, status: DISCIPLINE_STATUS[planned.story] }))
    .sort((a, b) => a.caseNo.localeCompare(b.caseNo));
}

export function publishedIds(histories: ReadonlyMap<string, readonly StoredEvent[]>): string[] {
  return [...histories.values()].flat().filter((event) => PUBLISHED_CASE_EVENT_TYPES.has(event.type)).map((event) => event.id);
}

export function processedCount(db: ConsumerDb): number {
  return db.prepare('SELECT COUNT(*) FROM processed_events').pluck().get() as number;
}

/** Cases whose events were stored in another order than their stream's (should be none). */
export function casesOutOfOrder(db: ConsumerDb, histories: ReadonlyMap<string, readonly StoredEvent[]>): string[] {
  const rowOf = db.prepare<[string], number>('SELECT rowid FROM processed_events WHERE event_id = ?').pluck();
  return [...histories.entries()].filter(([, events]) => {
    const rows = events.filter((event) => PUBLISHED_CASE_EVENT_TYPES.has(event.type)).map((event) => rowOf.get(event.id) ?? -1);
    return rows.some((row, i) => row === -1 || (i > 0 && row <= rows[i - 1]));
  }).map(([caseNo]) => caseNo);
}

/** Both read models, as the assertions compare them. */
export function readModelsOf(efficiencyDb: ConsumerDb, disciplineDb: ConsumerDb) {
  return {
    departments: cardCounts(efficiencyDb, 'department'),
    windows: cardCounts(efficiencyDb, 'window'),
    openOverdue: openOverdueCases(efficiencyDb).map((row) => row.caseNo).sort(),
    lateCases: lateCases(disciplineDb).map(({ caseNo, status }) => ({ caseNo, status })).sort((a, b) => a.caseNo.localeCompare(b.caseNo)),
  };
}

export function expectedReadModels(cases: readonly PlannedCase[]) {
  return {
    departments: expectedCardCounts(cases, 'department'),
    windows: expectedCardCounts(cases, 'window'),
    openOverdue: expectedOpenOverdue(cases),
    lateCases: expectedLateCases(cases),
  };
}

/** Worked out from the complaint stories alone: which are still open, which owe feedback once its deadline has passed. */
const OPEN_COMPLAINT_STORIES = new Set(['filed-open', 'investigating', 'automatic-accepted']);
const FEEDBACK_OWED_STORIES = new Set(['filed-open', 'investigating', 'concluded-awaiting-feedback']);

export function expectedComplaintModels(complaints: readonly PlannedComplaint[]) {
  const count = (keyOf: (planned: PlannedComplaint) => string) => {
    const counts = new Map<string, number>();
    for (const planned of complaints.filter((c) => OPEN_COMPLAINT_STORIES.has(c.story))) counts.set(keyOf(planned), (counts.get(keyOf(planned)) ?? 0) + 1);
    return [...counts.entries()].map(([key, open]) => ({ key, open })).sort((a, b) => b.open - a.open || a.key.localeCompare(b.key));
  };
  return {
    byDepartment: count((planned) => planned.department.id),
    byCategory: count((planned) => (planned.story === 'automatic-accepted' ? 'not-within-time-limit' : 'favours-gifts-bribes')),
    feedbackOverdue: complaints.filter((planned) => FEEDBACK_OWED_STORIES.has(planned.story)).map((planned) => planned.complaintNo).sort(),
  };
}

export function complaintModelsOf(db: ConsumerDb, longAfterEveryDeadline: string) {
  return {
    byDepartment: openComplaints(db, 'department'),
    byCategory: openComplaints(db, 'category'),
    feedbackOverdue: overdueFeedback(db, longAfterEveryDeadline).map((row) => row.complaintNo).sort(),
  };
}
