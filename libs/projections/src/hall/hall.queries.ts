import { endOfShanghaiDay, LocalDate, startOfShanghaiDay } from '@gov/domain';
import { sql } from 'kysely';
import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import { maskName } from './masking';
import type { HallCompletion, HallPlace, PlaceKind } from './hall.types';

export type { HallBoard, HallCompletion, HallPlace, PlaceKind } from './hall.types';

type PlaceRow = { window_id: string | null; sub_center_id: string | null; n: number };

/**
 * The hall display's figures per place, read from the case rows. Registered windows and
 * sub-centers are all listed (one with nothing today shows zeros: the center supervises the
 * sub-centers, so the hall sees them every day); the portal only when it has something to show.
 */
export class HallQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** `db`: a transaction to read in (a snapshot shared with other queries), or the store. */
  async places(today: LocalDate, db: ReadModelDb = this.store.db): Promise<HallPlace[]> {
    const open = db.selectFrom('cases').where('completed_at', 'is', null).where('withdrawn_at', 'is', null).where('not_accepted_at', 'is', null);
    const [received, completed, windowsPending, othersPending, windows, subCenters] = await Promise.all([
      db.selectFrom('cases').select(['window_id', 'sub_center_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('received_date', '=', today).where('not_accepted_at', 'is', null).groupBy(['window_id', 'sub_center_id']).execute(),
      db.selectFrom('cases').select(['window_id', 'sub_center_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('completed_at', '>=', startOfShanghaiDay(today)).where('completed_at', '<=', endOfShanghaiDay(today))
        .groupBy(['window_id', 'sub_center_id']).execute(),
      // Window cases are counted from the open cases' index alone; only the few others are looked up.
      open.select(['window_id', sql<null>`NULL`.as('sub_center_id'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('window_id', 'is not', null).groupBy('window_id').execute(),
      open.select([sql<null>`NULL`.as('window_id'), 'sub_center_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('window_id', 'is', null).groupBy('sub_center_id').execute(),
      db.selectFrom('windows as w').leftJoin('departments as d', 'd.id', 'w.department_id')
        .select(['w.id', 'w.name', 'w.department_id', 'd.name as department_name']).orderBy('w.department_id').orderBy('w.id').execute(),
      db.selectFrom('sub_centers as s').leftJoin('departments as d', 'd.id', 's.department_id')
        .select(['s.id', 's.name', 's.department_id', 'd.name as department_name']).orderBy('s.id').execute(),
    ]);
    const receivedBy = byPlace(received);
    const completedBy = byPlace(completed);
    const pendingBy = new Map([...byPlace(windowsPending), ...byPlace(othersPending)]);
    const figures = (key: string) => ({ receivedToday: receivedBy.get(key) ?? 0, completedToday: completedBy.get(key) ?? 0, pending: pendingBy.get(key) ?? 0 });
    const busy = (key: string) => receivedBy.has(key) || completedBy.has(key) || pendingBy.has(key);
    return [
      ...windows.map((w) => ({ kind: 'window' as const, id: w.id, name: w.name, departmentId: w.department_id, departmentName: w.department_name,
        ...figures(placeKey(w.id, null)) })),
      ...subCenters.map((s) => ({ kind: 'sub-center' as const, id: s.id, name: s.name,
        departmentId: s.department_id, departmentName: s.department_name, ...figures(placeKey(null, s.id)) })),
      ...(busy(placeKey(null, null))
        ? [{ kind: 'online' as const, id: 'online', name: '网上办事大厅', departmentId: null, departmentName: null, ...figures(placeKey(null, null)) }]
        : []),
    ];
  }

  /** The latest completions, newest first, the applicant masked. */
  async latestCompleted(limit: number, db: ReadModelDb = this.store.db): Promise<HallCompletion[]> {
    const rows = await db.selectFrom('cases as c')
      .leftJoin('windows as w', 'w.id', 'c.window_id').leftJoin('sub_centers as s', 's.id', 'c.sub_center_id')
      .select((eb) => ['c.case_no', 'c.item_name', 'c.applicant_name', 'c.outcome', 'c.completed_at', 'c.channel',
        eb.fn.coalesce('w.name', 's.name').as('place')])
      .where('c.completed_at', 'is not', null).orderBy('c.completed_at', 'desc').orderBy('c.case_no', 'desc').limit(limit).execute();
    return rows.map((row) => ({
      caseNo: row.case_no, itemName: row.item_name, place: row.place ?? (row.channel === 'online' ? '网上办事大厅' : ''),
      // An erased person's row keeps no name: nothing to show.
      applicant: row.applicant_name === '' ? '' : maskName(row.applicant_name), outcome: row.outcome as 'approved' | 'refused', completedAt: row.completed_at as string,
    }));
  }
}

function byPlace(rows: readonly PlaceRow[]): Map<string, number> {
  return new Map(rows.map((row) => [placeKey(row.window_id, row.sub_center_id), Number(row.n)]));
}

function placeKey(windowId: string | null, subCenterId: string | null): string {
  return windowId !== null ? `window:${windowId}` : subCenterId !== null ? `sub-center:${subCenterId}` : 'online';
}
