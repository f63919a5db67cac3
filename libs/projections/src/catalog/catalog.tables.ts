/**
 * The reference data as the public sees it (CatalogProjection). JSON columns (`terms`, `entry`,
 * `holidays`, `workdays`) hold the event's data as text; integers 0/1 are flags.
 */
export interface CatalogTables {
  items: {
    code: string; version: number; status: 'published' | 'withdrawn'; name: string;
    department_id: string; category: string; terms: string; updated_at: string;
  };
  item_versions: { code: string; version: number; terms: string; published_at: string };
  fee_entries: { code: string; entry: string; status: 'in-force' | 'withdrawn' };
  departments: { id: string; name: string; case_no_prefix: string };
  windows: { id: string; name: string; department_id: string; comprehensive: number };
  sub_centers: { id: string; name: string; department_id: string };
  calendar_years: { year: number; holidays: string; workdays: string; source: string; corrections: number };
}

declare module '../store/tables' {
  interface ReadModelTables extends CatalogTables {}
}
