import type { StaffEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { staffEvents } from '../replay/kept-events';
import { eachEvent, type Projection } from '../projection';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import type { StaffTables } from './staff.tables';

/** The roster of window staff and their authorizations (行政审批专用章), as they stand. */
const TABLES = `
CREATE TABLE IF NOT EXISTS staff_roster (
  staff_id TEXT PRIMARY KEY, name TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT NOT NULL, posted_on TEXT NOT NULL,
  status TEXT NOT NULL, returned_on TEXT, returned_by_complaint TEXT, return_reason TEXT, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_roster_department ON staff_roster (department_id, status);
CREATE TABLE IF NOT EXISTS staff_authorizations (
  staff_id TEXT NOT NULL, item_code TEXT NOT NULL, granted_by TEXT NOT NULL, granted_at TEXT NOT NULL, PRIMARY KEY (staff_id, item_code)
);
`;

/** One statement a line: runScript splits at a `;` that ends a line. */
const DROP = `
DROP TABLE IF EXISTS staff_roster;
DROP TABLE IF EXISTS staff_authorizations;
`;

type Posting = Pick<StaffTables['staff_roster'], 'staff_id' | 'name' | 'department_id' | 'window_id' | 'posted_on' | 'updated_at'>;

/** A new posting of someone returned earlier starts afresh: the return is cleared. */
const posted = new Statement<Posting>((db, p) =>
  db.insertInto('staff_roster').values({
    staff_id: p('staff_id'), name: p('name'), department_id: p('department_id'), window_id: p('window_id'), posted_on: p('posted_on'),
    status: 'posted', updated_at: p('updated_at'),
  }).onConflict((c) => c.column('staff_id').doUpdateSet((eb) => ({
    name: eb.ref('excluded.name'), department_id: eb.ref('excluded.department_id'), window_id: eb.ref('excluded.window_id'),
    posted_on: eb.ref('excluded.posted_on'), status: 'posted', returned_on: null, returned_by_complaint: null, return_reason: null,
    updated_at: eb.ref('excluded.updated_at'),
  }))));
const authorized = new Statement<StaffTables['staff_authorizations']>((db, p) =>
  db.insertInto('staff_authorizations').values({ staff_id: p('staff_id'), item_code: p('item_code'), granted_by: p('granted_by'), granted_at: p('granted_at') })
    .onConflict((c) => c.doNothing()));
const revoked = new Statement<{ staffId: string; itemCode: string }>((db, p) =>
  db.deleteFrom('staff_authorizations').where('staff_id', '=', p('staffId')).where('item_code', '=', p('itemCode')));
const returned = new Statement<{ staffId: string; returnedOn: string; complaintNo: string; reason: string; at: string }>((db, p) =>
  db.updateTable('staff_roster').set({
    status: 'returned', returned_on: p('returnedOn'), returned_by_complaint: p('complaintNo'), return_reason: p('reason'), updated_at: p('at'),
  }).where('staff_id', '=', p('staffId')));
const allRevoked = new Statement<{ staffId: string }>((db, p) => db.deleteFrom('staff_authorizations').where('staff_id', '=', p('staffId')));

export class StaffProjection implements Projection {
  readonly name = 'staff';
  readonly fold = staffEvents;

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
    if (!stored.streamId.startsWith('staff-')) return;
    const staffId = stored.streamId.slice('staff-'.length);
    const event = { type: stored.type, data: stored.data } as StaffEvent;
    switch (event.type) {
      case 'StaffPosted': {
        const d = event.data;
        await posted.run(tx, { staff_id: staffId, name: d.name, department_id: d.departmentId, window_id: d.windowId, posted_on: d.postedOn, updated_at: d.at });
        return;
      }
      case 'StaffAuthorized':
        for (const itemCode of event.data.itemCodes) {
          await authorized.run(tx, { staff_id: staffId, item_code: itemCode, granted_by: event.data.grantedBy, granted_at: event.data.at });
        }
        return;
      case 'StaffAuthorizationRevoked':
        for (const itemCode of event.data.itemCodes) await revoked.run(tx, { staffId, itemCode });
        return;
      case 'StaffReturnedToDepartment':
        await returned.run(tx, { staffId, returnedOn: event.data.returnedOn, complaintNo: event.data.complaintNo, reason: event.data.reason, at: event.data.at });
        await allRevoked.run(tx, { staffId });
        return;
    }
  }
}
