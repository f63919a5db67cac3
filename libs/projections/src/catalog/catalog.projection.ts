import type { CalendarEvent, FeeCatalogEvent, OrganizationEvent, ServiceItemEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import { cachedStatement, ReadModelDb } from '../read-model-db';

const TABLES = `
CREATE TABLE IF NOT EXISTS items (
  code TEXT PRIMARY KEY, version INTEGER NOT NULL, status TEXT NOT NULL, name TEXT NOT NULL,
  department_id TEXT NOT NULL, category TEXT NOT NULL, terms TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS item_versions (code TEXT NOT NULL, version INTEGER NOT NULL, terms TEXT NOT NULL, published_at TEXT NOT NULL,
  PRIMARY KEY (code, version));
CREATE TABLE IF NOT EXISTS fee_entries (code TEXT PRIMARY KEY, entry TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS departments (id TEXT PRIMARY KEY, name TEXT NOT NULL, case_no_prefix TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS windows (id TEXT PRIMARY KEY, name TEXT NOT NULL, department_id TEXT NOT NULL, comprehensive INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sub_centers (id TEXT PRIMARY KEY, name TEXT NOT NULL, department_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS calendar_years (year INTEGER PRIMARY KEY, holidays TEXT NOT NULL, workdays TEXT NOT NULL, source TEXT NOT NULL,
  corrections INTEGER NOT NULL);
`;

type ReferenceEvent = ServiceItemEvent | FeeCatalogEvent | OrganizationEvent | CalendarEvent;

/** The catalog, the fee catalog, the organization and the calendar as the public sees them. */
export class CatalogProjection implements Projection {
  readonly name = 'catalog';

  migrate(db: ReadModelDb): void {
    db.exec(TABLES);
  }

  drop(db: ReadModelDb): void {
    db.exec(`DROP TABLE IF EXISTS items; DROP TABLE IF EXISTS item_versions; DROP TABLE IF EXISTS fee_entries;
      DROP TABLE IF EXISTS departments; DROP TABLE IF EXISTS windows; DROP TABLE IF EXISTS sub_centers; DROP TABLE IF EXISTS calendar_years;`);
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (stored.streamId.startsWith('case-')) return;
    const event = { type: stored.type, data: stored.data } as ReferenceEvent;
    const at = stored.metadata.occurredAt;
    switch (event.type) {
      case 'ItemPublished':
      case 'ItemRevised': {
        const { code, version, name, departmentId, category } = event.data;
        const terms = JSON.stringify(event.data);
        cachedStatement(db, `INSERT INTO items (code, version, status, name, department_id, category, terms, updated_at)
          VALUES (?, ?, 'published', ?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET version = excluded.version, status = 'published',
          name = excluded.name, department_id = excluded.department_id, category = excluded.category, terms = excluded.terms,
          updated_at = excluded.updated_at`).run(code, version, name, departmentId, category, terms, at);
        cachedStatement(db, 'INSERT OR IGNORE INTO item_versions (code, version, terms, published_at) VALUES (?, ?, ?, ?)').run(code, version, terms, at);
        return;
      }
      case 'ItemWithdrawn':
        cachedStatement(db, `UPDATE items SET status = 'withdrawn', updated_at = ? WHERE code = ?`).run(at, event.data.code);
        return;
      case 'FeeEntryPublished':
      case 'FeeEntryRevised':
        cachedStatement(db, `INSERT INTO fee_entries (code, entry, status) VALUES (?, ?, 'in-force')
          ON CONFLICT(code) DO UPDATE SET entry = excluded.entry, status = 'in-force'`).run(event.data.code, JSON.stringify(event.data));
        return;
      case 'FeeEntryWithdrawn':
        cachedStatement(db, `UPDATE fee_entries SET status = 'withdrawn' WHERE code = ?`).run(event.data.code);
        return;
      case 'DepartmentRegistered':
        cachedStatement(db, 'INSERT OR REPLACE INTO departments (id, name, case_no_prefix) VALUES (?, ?, ?)')
          .run(event.data.id, event.data.name, event.data.caseNoPrefix);
        return;
      case 'WindowRegistered':
        cachedStatement(db, 'INSERT OR REPLACE INTO windows (id, name, department_id, comprehensive) VALUES (?, ?, ?, ?)')
          .run(event.data.id, event.data.name, event.data.departmentId, Number(event.data.comprehensive));
        return;
      case 'SubCenterRegistered':
        cachedStatement(db, 'INSERT OR REPLACE INTO sub_centers (id, name, department_id) VALUES (?, ?, ?)')
          .run(event.data.id, event.data.name, event.data.departmentId);
        return;
      case 'CalendarYearPublished':
      case 'CalendarYearCorrected':
        cachedStatement(db, `INSERT INTO calendar_years (year, holidays, workdays, source, corrections) VALUES (?, ?, ?, ?, 0)
          ON CONFLICT(year) DO UPDATE SET holidays = excluded.holidays, workdays = excluded.workdays, source = excluded.source,
          corrections = corrections + 1`)
          .run(event.data.year, JSON.stringify(event.data.holidays), JSON.stringify(event.data.workdays), event.data.source);
        return;
    }
  }
}
