import { LocalDate, postingUnderOneYear } from '@gov/domain';
import type { Selectable } from 'kysely';
import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import type { StaffTables } from './staff.tables';

type StaffRow = Selectable<StaffTables['staff_roster']>;
type Authorization = { readonly itemCode: string; readonly grantedBy: string; readonly grantedAt: string };

/*
 * Ids are ordered as text: the same in both stores as long as PostgreSQL's database collation
 * is C (as the test server's is; production must be too).
 */
export class StaffQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** The roster: staff posted (or once posted) at windows, with their authorizations; postings under a year flagged as of `today`. */
  roster(filter: { departmentId?: string; windowId?: string; status?: string }, today: LocalDate) {
    const departmentId = filter.departmentId ?? null;
    const windowId = filter.windowId ?? null;
    const status = filter.status ?? null;
    return this.store.read(async (tx) => {
      const rows = await tx.selectFrom('staff_roster').selectAll()
        .$if(departmentId !== null, (q) => q.where('department_id', '=', departmentId as string))
        .$if(windowId !== null, (q) => q.where('window_id', '=', windowId as string))
        .$if(status !== null, (q) => q.where('status', '=', status as StaffRow['status']))
        .orderBy('department_id').orderBy('window_id').orderBy('staff_id').execute();
      const authorizations = await authorizationsOf(tx, rows.map((r) => r.staff_id));
      return rows.map((r) => toStaff(r, authorizations.get(r.staff_id) ?? [], today));
    });
  }

  one(staffId: string, today: LocalDate) {
    return this.store.read(async (tx) => {
      const row = await tx.selectFrom('staff_roster').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
      return row && toStaff(row, (await authorizationsOf(tx, [staffId])).get(staffId) ?? [], today);
    });
  }
}

/** The authorizations of the given staff, each one's by item code. */
async function authorizationsOf(tx: ReadModelDb, staffIds: readonly string[]): Promise<Map<string, Authorization[]>> {
  const byStaff = new Map<string, Authorization[]>();
  if (staffIds.length === 0) return byStaff;
  const rows = await tx.selectFrom('staff_authorizations').selectAll().where('staff_id', 'in', staffIds).orderBy('staff_id').orderBy('item_code').execute();
  for (const a of rows) {
    byStaff.set(a.staff_id, [...(byStaff.get(a.staff_id) ?? []), { itemCode: a.item_code, grantedBy: a.granted_by, grantedAt: a.granted_at }]);
  }
  return byStaff;
}

function toStaff(r: StaffRow, authorizations: Authorization[], today: LocalDate) {
  const posted = r.status === 'posted';
  return {
    staffId: r.staff_id, name: r.name, departmentId: r.department_id, windowId: r.window_id,
    postedOn: r.posted_on, status: r.status as string,
    /** Posted less than a year so far (DOMAIN.md: a posting is for at least one year). */
    postedUnderOneYear: posted && postingUnderOneYear(r.posted_on, today),
    returnedOn: r.returned_on, returnedByComplaint: r.returned_by_complaint, returnReason: r.return_reason, authorizations,
  };
}
