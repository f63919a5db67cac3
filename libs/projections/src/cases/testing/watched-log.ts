import { CaseCommand, CaseEvent, CaseRecord, CaseState, decideCase, evolveCase, initialCaseState } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { calendar, generateCaseHistories } from './case-histories';

/**
 * The generated histories, then what the deadline watcher records for the cases still open
 * weeks later: yellow and red cards, acceptances deemed (the agenda's updates).
 */
export function logWithWatcherEvents(): StoredEvent[] {
  const { histories, log } = generateCaseHistories(11, 240);
  const later: { caseNo: string; revision: number; event: CaseEvent }[] = [];
  for (const { caseNo, events } of histories) {
    const history = [...events];
    const watch = (command: CaseCommand, now: string) => {
      const state = history.reduce<CaseState>(evolveCase, initialCaseState()) as CaseRecord;
      for (const event of decideCase(command, state, { now, calendar })) {
        later.push({ caseNo, revision: history.length, event });
        history.push(event);
      }
    };
    const dueAt = (history.reduce<CaseState>(evolveCase, initialCaseState()) as CaseRecord).dueAt;
    watch({ type: 'DeemAcceptance', data: {} }, '2026-06-01T01:00:00.000Z');
    watch({ type: 'RecordWarning', data: { dueAt } }, '2026-06-01T02:00:00.000Z');
    watch({ type: 'RecordOverdue', data: { dueAt } }, '2026-06-01T03:00:00.000Z');
  }
  later.sort((a, b) => a.event.data.at.localeCompare(b.event.data.at) || a.caseNo.localeCompare(b.caseNo));
  return [...log, ...later.map(({ caseNo, revision, event }, index) => ({
    id: `${caseNo}-${revision}`, type: event.type, schemaVersion: 1, data: event.data, streamId: `case-${caseNo}`, revision,
    position: log.length + index + 1, recordedAt: event.data.at,
    metadata: { occurredAt: event.data.at, correlationId: 'c', causationId: null, actor: { id: 'watcher', role: 'system' } },
  }))];
}
