import { Inject, Injectable } from '@nestjs/common';
import { caseDecider, CaseEvent, CaseRecord, caseStreamId, ComplaintTarget, TargetLookups } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE } from '../infrastructure/tokens';
import { StaffLookup } from '../staff';
import { asDomainEvent } from '../write/commands';

/** What a complaint names, looked up for the domain: the department each named thing belongs to. It judges nothing. */
@Injectable()
export class ComplaintTargets {
  constructor(
    private readonly reference: ReferenceData,
    private readonly staff: StaffLookup,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async lookups(target: ComplaintTarget): Promise<TargetLookups> {
    const reference = await this.reference.current();
    const { organization } = reference;
    const department = target.departmentId ? organization.departments.get(target.departmentId) ?? null : null;
    const window = target.windowId ? organization.windows.get(target.windowId) ?? null : null;
    const item = target.itemCode ? reference.item(target.itemCode) : null;
    const staff = target.staffId ? await this.staff.state(target.staffId) : null;
    let caseRecord: CaseRecord | null = null;
    if (target.caseNo) {
      const history = await this.store.readStream(caseStreamId(target.caseNo));
      const state = history.reduce((s, e) => caseDecider.evolve(s, asDomainEvent<CaseEvent>(e)), caseDecider.initialState());
      caseRecord = state.status === 'none' ? null : state;
    }
    return {
      department: department && { id: department.id },
      window: window && { departmentId: window.departmentId },
      item: item && item.status !== 'none' ? { departmentId: item.current.departmentId } : null,
      staff: staff && staff.status !== 'none' ? { departmentId: staff.departmentId } : null,
      case: caseRecord && { departmentId: caseRecord.item.departmentId },
    };
  }
}
