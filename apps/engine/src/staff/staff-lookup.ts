import { Inject, Injectable } from '@nestjs/common';
import { evolveStaff, initialStaffState, StaffAuthorizations, StaffEvent, StaffState, staffStreamId } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { asDomainEvent } from '../write/commands';
import { EVENT_STORE } from '../infrastructure/tokens';

/**
 * What commands need to know about a staff member, read from their own stream at command
 * time (never from a read model that may lag): a receipt or a decision naming a staff
 * member is judged against the roster as it stands in the store.
 */
@Injectable()
export class StaffLookup {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async state(staffId: string): Promise<StaffState> {
    const history = await this.store.readStream(staffStreamId(staffId));
    return history.reduce((s, e) => evolveStaff(s, asDomainEvent<StaffEvent>(e)), initialStaffState());
  }

  /**
   * The items a staff member on the roster may handle: none once returned to their department.
   * Null for an id the roster never had (legacy window software sends ids of its own): not judged.
   */
  async authorizations(staffId: string): Promise<StaffAuthorizations | null> {
    const state = await this.state(staffId);
    if (state.status === 'none') return null;
    return { staffId, departmentId: state.departmentId, itemCodes: state.status === 'posted' ? state.itemCodes : [] };
  }

  /** Which of the given staff members are posted at a window now. */
  async posted(staffIds: readonly string[]): Promise<string[]> {
    const posted: string[] = [];
    for (const staffId of staffIds) if ((await this.state(staffId)).status === 'posted') posted.push(staffId);
    return posted;
  }
}
