import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';

/** The published catalog, the fee catalog and the center's organization, as the catalog projection keeps them. */
export class CatalogQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** Every item (its current terms and status), by code; one department's with `departmentId`. */
  async items(departmentId?: string): Promise<object[]> {
    let query = this.store.db.selectFrom('items').select(['terms', 'status']).orderBy('code');
    if (departmentId !== undefined) query = query.where('department_id', '=', departmentId);
    const rows = await query.execute();
    return rows.map((row) => ({ ...JSON.parse(row.terms), status: row.status }));
  }

  /** One item with every version, read in one transaction; undefined when the catalog never had it. */
  item(code: string): Promise<object | undefined> {
    return this.store.read(async (tx) => {
      const row = await tx.selectFrom('items').select(['terms', 'status']).where('code', '=', code).executeTakeFirst();
      if (!row) return undefined;
      const versions = await tx.selectFrom('item_versions').select(['terms', 'published_at']).where('code', '=', code).orderBy('version').execute();
      return { ...JSON.parse(row.terms), status: row.status, versions: versions.map((v) => ({ ...JSON.parse(v.terms), publishedAt: v.published_at })) };
    });
  }

  async fees(): Promise<object[]> {
    const rows = await this.store.db.selectFrom('fee_entries').select(['entry', 'status']).orderBy('code').execute();
    return rows.map((row) => ({ ...JSON.parse(row.entry), status: row.status }));
  }

  /** Departments with their windows and sub-centers, read in one transaction. */
  departments() {
    return this.store.read(async (tx) => {
      const departments = await tx.selectFrom('departments').selectAll().orderBy('id').execute();
      const windows = await tx.selectFrom('windows').selectAll().orderBy('id').execute();
      const subCenters = await tx.selectFrom('sub_centers').selectAll().orderBy('id').execute();
      return departments.map((d) => ({
        id: d.id, name: d.name, caseNoPrefix: d.case_no_prefix,
        windows: windows.filter((w) => w.department_id === d.id).map((w) => ({ id: w.id, name: w.name, comprehensive: w.comprehensive === 1 })),
        subCenters: subCenters.filter((s) => s.department_id === d.id).map((s) => ({ id: s.id, name: s.name })),
      }));
    });
  }

  /** A published calendar year as stored; undefined when none is. */
  async calendarYear(year: number) {
    const row = await this.store.db.selectFrom('calendar_years').select(['holidays', 'workdays', 'source', 'corrections'])
      .where('year', '=', year).executeTakeFirst();
    return row && { year, holidays: JSON.parse(row.holidays) as string[], workdays: JSON.parse(row.workdays) as string[], source: row.source, corrections: row.corrections };
  }

  /** Every department's id and name, on `db` (a snapshot's transaction) or the store. */
  departmentNames(db: ReadModelDb = this.store.db) {
    return db.selectFrom('departments').select(['id', 'name']).orderBy('id').execute();
  }
}
