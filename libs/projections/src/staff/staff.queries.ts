import { LocalDate, postingUnderOneYear } from '@gov/domain';
import type { ReadModelDb } from '../read-model-db';

type Row = Record<string, string | number | null>;

export class StaffQueries {
  constructor(private readonly db: ReadModelDb) {}

  /** The roster: staff posted (or once posted) at windows, with their authorizations; postings under a year flagged as of `today`. */
  roster(filter: { departmentId?: string; windowId?: string; status?: string }, today: LocalDate) {
    return this.db.prepare<[string | null, string | null, string | null, string | null, string | null, string | null], Row>(
      `SELECT * FROM staff_roster WHERE (? IS NULL OR department_id = ?) AND (? IS NULL OR window_id = ?) AND (? IS NULL OR status = ?)
       ORDER BY department_id, window_id, staff_id`)
      .all(filter.departmentId ?? null, filter.departmentId ?? null, filter.windowId ?? null, filter.windowId ?? null, filter.status ?? null, filter.status ?? null)
      .map((r) => this.toStaff(r, today));
  }

  one(staffId: string, today: LocalDate) {
    const row = this.db.prepare<[string], Row>('SELECT * FROM staff_roster WHERE staff_id = ?').get(staffId);
    return row && this.toStaff(row, today);
  }

  private toStaff(r: Row, today: LocalDate) {
    const authorizations = this.db.prepare<[string], Row>(
      'SELECT item_code, granted_by, granted_at FROM staff_authorizations WHERE staff_id = ? ORDER BY item_code').all(r.staff_id as string)
      .map((a) => ({ itemCode: a.item_code as string, grantedBy: a.granted_by as string, grantedAt: a.granted_at as string }));
    const posted = r.status === 'posted';
    return {
      staffId: r.staff_id as string, name: r.name as string, departmentId: r.department_id as string, windowId: r.window_id as string,
      postedOn: r.posted_on as string, status: r.status as string,
      /** Posted less than a year so far (DOMAIN.md: a posting is for at least one year). */
      postedUnderOneYear: posted && postingUnderOneYear(r.posted_on as string, today),
      returnedOn: r.returned_on, returnedByComplaint: r.returned_by_complaint, returnReason: r.return_reason, authorizations,
    };
  }
}
