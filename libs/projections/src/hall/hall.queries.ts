import { endOfShanghaiDay, LocalDate, startOfShanghaiDay } from '@gov/domain';
import { cachedStatement, ReadModelDb } from '../read-model-db';
import { maskName } from './masking';
import type { HallCompletion, HallPlace, PlaceKind } from './hall.types';

export type { HallBoard, HallCompletion, HallPlace, PlaceKind } from './hall.types';

type PlaceRow = { window_id: string | null; sub_center_id: string | null; n: number };

const OPEN = 'completed_at IS NULL AND withdrawn_at IS NULL AND not_accepted_at IS NULL';

/**
 * The hall display's figures per place, read from the case rows. Registered windows are all
 * listed (a window with nothing today shows zeros); sub-centers and the portal only when they
 * have something to show.
 */
export class HallQueries {
  constructor(private readonly db: ReadModelDb) {}

  places(today: LocalDate): HallPlace[] {
    const received = this.counts(`SELECT window_id, sub_center_id, COUNT(*) AS n FROM cases
      WHERE received_date = ? AND not_accepted_at IS NULL GROUP BY window_id, sub_center_id`, today);
    const completed = this.counts(`SELECT window_id, sub_center_id, COUNT(*) AS n FROM cases
      WHERE completed_at BETWEEN ? AND ? GROUP BY window_id, sub_center_id`, startOfShanghaiDay(today), endOfShanghaiDay(today));
    // Window cases are counted from the open cases' index alone; only the few others are looked up.
    const pending = new Map([
      ...this.counts(`SELECT window_id, NULL AS sub_center_id, COUNT(*) AS n FROM cases WHERE ${OPEN} AND window_id IS NOT NULL GROUP BY window_id`),
      ...this.counts(`SELECT NULL AS window_id, sub_center_id, COUNT(*) AS n FROM cases WHERE ${OPEN} AND window_id IS NULL GROUP BY sub_center_id`),
    ]);
    const figures = (key: string) => ({ receivedToday: received.get(key) ?? 0, completedToday: completed.get(key) ?? 0, pending: pending.get(key) ?? 0 });
    const busy = (key: string) => received.has(key) || completed.has(key) || pending.has(key);

    const windows = cachedStatement<[], { id: string; name: string; department_id: string; department_name: string | null }>(this.db,
      `SELECT w.id, w.name, w.department_id, d.name AS department_name FROM windows AS w LEFT JOIN departments AS d ON d.id = w.department_id
       ORDER BY w.department_id, w.id`).all();
    const subCenters = cachedStatement<[], { id: string; name: string; department_id: string; department_name: string | null }>(this.db,
      `SELECT s.id, s.name, s.department_id, d.name AS department_name FROM sub_centers AS s LEFT JOIN departments AS d ON d.id = s.department_id
       ORDER BY s.id`).all();
    return [
      ...windows.map((w) => ({ kind: 'window' as const, id: w.id, name: w.name, departmentId: w.department_id, departmentName: w.department_name,
        ...figures(placeKey(w.id, null)) })),
      ...subCenters.filter((s) => busy(placeKey(null, s.id))).map((s) => ({ kind: 'sub-center' as const, id: s.id, name: s.name,
        departmentId: s.department_id, departmentName: s.department_name, ...figures(placeKey(null, s.id)) })),
      ...(busy(placeKey(null, null))
        ? [{ kind: 'online' as const, id: 'online', name: '网上办事大厅', departmentId: null, departmentName: null, ...figures(placeKey(null, null)) }]
        : []),
    ];
  }

  /** The latest completions, newest first, the applicant masked. */
  latestCompleted(limit: number): HallCompletion[] {
    return cachedStatement<[number], Record<string, string>>(this.db,
      `SELECT c.case_no, c.item_name, c.applicant_name, c.outcome, c.completed_at, c.channel,
         COALESCE(w.name, s.name) AS place
       FROM cases AS c
       LEFT JOIN windows AS w ON w.id = c.window_id LEFT JOIN sub_centers AS s ON s.id = c.sub_center_id
       WHERE c.completed_at IS NOT NULL ORDER BY c.completed_at DESC, c.case_no DESC LIMIT ?`).all(limit)
      .map((row) => ({
        caseNo: row.case_no, itemName: row.item_name, place: row.place ?? (row.channel === 'online' ? '网上办事大厅' : ''),
        applicant: maskName(row.applicant_name), outcome: row.outcome as 'approved' | 'refused', completedAt: row.completed_at,
      }));
  }

  private counts(sql: string, ...params: string[]): Map<string, number> {
    const rows = cachedStatement<string[], PlaceRow>(this.db, sql).all(...params);
    return new Map(rows.map((row) => [placeKey(row.window_id, row.sub_center_id), row.n]));
  }
}

function placeKey(windowId: string | null, subCenterId: string | null): string {
  return windowId !== null ? `window:${windowId}` : subCenterId !== null ? `sub-center:${subCenterId}` : 'online';
}
