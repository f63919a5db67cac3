import type { StaffEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelDb } from '../read-model-db';

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

export class StaffProjection implements Projection {
  readonly name = 'staff';

  migrate(db: ReadModelDb): void {
    db.exec(TABLES);
  }

  drop(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS staff_roster; DROP TABLE IF EXISTS staff_authorizations;');
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (!stored.streamId.startsWith('staff-')) return;
    const staffId = stored.streamId.slice('staff-'.length);
    const event = { type: stored.type, data: stored.data } as StaffEvent;
    switch (event.type) {
      case 'StaffPosted': {
        const d = event.data;
        db.prepare(`INSERT INTO staff_roster (staff_id, name, department_id, window_id, posted_on, status, updated_at)
          VALUES (?, ?, ?, ?, ?, 'posted', ?) ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, department_id = excluded.department_id,
          window_id = excluded.window_id, posted_on = excluded.posted_on, status = 'posted', returned_on = NULL, returned_by_complaint = NULL,
          return_reason = NULL, updated_at = excluded.updated_at`).run(staffId, d.name, d.departmentId, d.windowId, d.postedOn, d.at);
        return;
      }
      case 'StaffAuthorized': {
        const insert = db.prepare('INSERT OR IGNORE INTO staff_authorizations (staff_id, item_code, granted_by, granted_at) VALUES (?, ?, ?, ?)');
        for (const code of event.data.itemCodes) insert.run(staffId, code, event.data.grantedBy, event.data.at);
        return;
      }
      case 'StaffAuthorizationRevoked': {
        const remove = db.prepare('DELETE FROM staff_authorizations WHERE staff_id = ? AND item_code = ?');
        for (const code of event.data.itemCodes) remove.run(staffId, code);
        return;
      }
      case 'StaffReturnedToDepartment':
        db.prepare(`UPDATE staff_roster SET status = 'returned', returned_on = ?, returned_by_complaint = ?, return_reason = ?, updated_at = ?
          WHERE staff_id = ?`).run(event.data.returnedOn, event.data.complaintNo, event.data.reason, event.data.at, staffId);
        db.prepare('DELETE FROM staff_authorizations WHERE staff_id = ?').run(staffId);
        return;
    }
  }
}
