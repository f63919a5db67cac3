import type { CalendarEvent, FeeCatalogEvent, OrganizationEvent, ServiceItemEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { catalogEvents } from '../replay/kept-events';
import { eachEvent, type Projection } from '../projection';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import type { CatalogTables } from './catalog.tables';

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

/** One statement a line: runScript splits at a `;` that ends a line. */
const DROP = `
DROP TABLE IF EXISTS items;
DROP TABLE IF EXISTS item_versions;
DROP TABLE IF EXISTS fee_entries;
DROP TABLE IF EXISTS departments;
DROP TABLE IF EXISTS windows;
DROP TABLE IF EXISTS sub_centers;
DROP TABLE IF EXISTS calendar_years;
`;

type ReferenceEvent = ServiceItemEvent | FeeCatalogEvent | OrganizationEvent | CalendarEvent;
type Item = Omit<CatalogTables['items'], 'status'>;

/** A publication or a revision replaces the item's current terms: the row is the latest version. */
const itemPublished = new Statement<Item>((db, p) =>
  db.insertInto('items').values({
    code: p('code'), version: p('version'), status: 'published', name: p('name'), department_id: p('department_id'),
    category: p('category'), terms: p('terms'), updated_at: p('updated_at'),
  }).onConflict((c) => c.column('code').doUpdateSet((eb) => ({
    version: eb.ref('excluded.version'), status: 'published', name: eb.ref('excluded.name'), department_id: eb.ref('excluded.department_id'),
    category: eb.ref('excluded.category'), terms: eb.ref('excluded.terms'), updated_at: eb.ref('excluded.updated_at'),
  }))));
const itemVersionKept = new Statement<CatalogTables['item_versions']>((db, p) =>
  db.insertInto('item_versions').values({ code: p('code'), version: p('version'), terms: p('terms'), published_at: p('published_at') })
    .onConflict((c) => c.doNothing()));
const itemWithdrawn = new Statement<{ code: string; at: string }>((db, p) =>
  db.updateTable('items').set({ status: 'withdrawn', updated_at: p('at') }).where('code', '=', p('code')));
const feeEntryInForce = new Statement<{ code: string; entry: string }>((db, p) =>
  db.insertInto('fee_entries').values({ code: p('code'), entry: p('entry'), status: 'in-force' })
    .onConflict((c) => c.column('code').doUpdateSet((eb) => ({ entry: eb.ref('excluded.entry'), status: 'in-force' }))));
const feeEntryWithdrawn = new Statement<{ code: string }>((db, p) =>
  db.updateTable('fee_entries').set({ status: 'withdrawn' }).where('code', '=', p('code')));
// A registration under a known id replaces it whole (the old INSERT OR REPLACE).
const departmentRegistered = new Statement<CatalogTables['departments']>((db, p) =>
  db.insertInto('departments').values({ id: p('id'), name: p('name'), case_no_prefix: p('case_no_prefix') })
    .onConflict((c) => c.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), case_no_prefix: eb.ref('excluded.case_no_prefix') }))));
const windowRegistered = new Statement<CatalogTables['windows']>((db, p) =>
  db.insertInto('windows').values({ id: p('id'), name: p('name'), department_id: p('department_id'), comprehensive: p('comprehensive') })
    .onConflict((c) => c.column('id').doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), department_id: eb.ref('excluded.department_id'), comprehensive: eb.ref('excluded.comprehensive'),
    }))));
const subCenterRegistered = new Statement<CatalogTables['sub_centers']>((db, p) =>
  db.insertInto('sub_centers').values({ id: p('id'), name: p('name'), department_id: p('department_id') })
    .onConflict((c) => c.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), department_id: eb.ref('excluded.department_id') }))));
/** The first publication counts no correction; every later event of the year counts one. */
const calendarYear = new Statement<Omit<CatalogTables['calendar_years'], 'corrections'>>((db, p) =>
  db.insertInto('calendar_years').values({ year: p('year'), holidays: p('holidays'), workdays: p('workdays'), source: p('source'), corrections: 0 })
    .onConflict((c) => c.column('year').doUpdateSet((eb) => ({
      holidays: eb.ref('excluded.holidays'), workdays: eb.ref('excluded.workdays'), source: eb.ref('excluded.source'),
      corrections: eb('calendar_years.corrections', '+', 1),
    }))));

/** The catalog, the fee catalog, the organization and the calendar as the public sees them. */
export class CatalogProjection implements Projection {
  readonly name = 'catalog';
  readonly fold = catalogEvents;

  migrate(tx: ReadModelDb): Promise<void> {
    return runScript(tx, TABLES);
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, DROP);
  }

  apply(tx: ReadModelDb, events: readonly StoredEvent[]): Promise<void> {
    return eachEvent(events, (event) => this.applyEvent(tx, event));
  }

  private async applyEvent(tx: ReadModelDb, stored: StoredEvent): Promise<void> {
    if (stored.streamId.startsWith('case-')) return;
    const event = { type: stored.type, data: stored.data } as ReferenceEvent;
    const at = stored.metadata.occurredAt;
    switch (event.type) {
      case 'ItemPublished':
      case 'ItemRevised': {
        const { code, version, name, departmentId, category } = event.data;
        const terms = JSON.stringify(event.data);
        await itemPublished.run(tx, { code, version, name, department_id: departmentId, category, terms, updated_at: at });
        await itemVersionKept.run(tx, { code, version, terms, published_at: at });
        return;
      }
      case 'ItemWithdrawn':
        await itemWithdrawn.run(tx, { code: event.data.code, at });
        return;
      case 'FeeEntryPublished':
      case 'FeeEntryRevised':
        await feeEntryInForce.run(tx, { code: event.data.code, entry: JSON.stringify(event.data) });
        return;
      case 'FeeEntryWithdrawn':
        await feeEntryWithdrawn.run(tx, { code: event.data.code });
        return;
      case 'DepartmentRegistered':
        await departmentRegistered.run(tx, { id: event.data.id, name: event.data.name, case_no_prefix: event.data.caseNoPrefix });
        return;
      case 'WindowRegistered':
        await windowRegistered.run(tx, { id: event.data.id, name: event.data.name, department_id: event.data.departmentId,
          comprehensive: Number(event.data.comprehensive) });
        return;
      case 'SubCenterRegistered':
        await subCenterRegistered.run(tx, { id: event.data.id, name: event.data.name, department_id: event.data.departmentId });
        return;
      case 'CalendarYearPublished':
      case 'CalendarYearCorrected':
        await calendarYear.run(tx, { year: event.data.year, holidays: JSON.stringify(event.data.holidays),
          workdays: JSON.stringify(event.data.workdays), source: event.data.source });
        return;
    }
  }
}
