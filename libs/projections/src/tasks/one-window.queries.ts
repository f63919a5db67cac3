import type { ReadModelStore } from '../store/read-model-store';

/** 一窗受理: what a window received, by the department each case belongs to (the case counts for that department). */
export class OneWindowQueries {
  constructor(private readonly store: ReadModelStore) {}

  async receivedByDepartment(windowId: string, from: string, to: string): Promise<{ departmentId: string; received: number }[]> {
    const rows = await this.store.db.selectFrom('case_day_figures')
      .select((eb) => ['department_id', eb.fn.sum<number | string>('received').as('received')])
      .where('window_key', '=', windowId).where('received_date', '>=', from).where('received_date', '<=', to)
      .groupBy('department_id').orderBy('department_id').execute();
    return rows.map((r) => ({ departmentId: r.department_id, received: Number(r.received) })).filter((r) => r.received > 0);
  }
}
