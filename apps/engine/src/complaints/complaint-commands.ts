import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CaseEvent, CaseRecord, caseStreamId, Complainant, ComplaintCategory, ComplaintChannel, ComplaintCommand, ComplaintEvent, ComplaintState,
  complaintStreamId, ComplaintTarget, decideComplaint, evolveCase, evolveComplaint, initialCaseState, initialComplaintState, RuleViolation,
  SealedPersonalData, shanghaiDateOf, TargetLookups,
} from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { asDomainEvent, CommandRunner } from '../write/commands';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE } from '../infrastructure/tokens';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '../personal-data/personal-data-vault';
import { sealComplainant } from '../personal-data/sealing';
import { StaffLookup } from '../staff/staff-lookup';

const MAX_NUMBER_CLASHES = 5;

export interface FileComplaintInput {
  readonly category: ComplaintCategory;
  readonly channel: ComplaintChannel;
  readonly complainant: Complainant;
  readonly target: ComplaintTarget;
  readonly summary: string;
  readonly evidence: readonly string[];
}

/**
 * Plumbing for the discipline window's commands: looks up what a complaint names (the
 * department each thing belongs to, whether a staff member is posted) and runs the domain's
 * `decide` through the command runner. It judges nothing.
 */
@Injectable()
export class ComplaintCommands {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reference: ReferenceData,
    private readonly staff: StaffLookup,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  /** A complaint filed by a complainant: numbered `TS-<day>-<6 hex>`, unguessable, unique by the store. */
  async file(input: FileComplaintInput, meta: CommandMeta): Promise<CommandResponse> {
    const replayed = await this.runner.replayed(meta);
    if (replayed) return replayed;
    // Sealed once, before any attempt: the person's key is durable before the event that needs it.
    const sealed = await sealComplainant(this.vault, input.complainant);
    for (let clash = 0; ; clash += 1) {
      const complaintNo = `TS-${shanghaiDateOf(meta.now).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
      try {
        return await this.fileAs(complaintNo, input, meta, false, sealed);
      } catch (error) {
        if (!(error instanceof RuleViolation && error.code === 'COMPLAINT.ALREADY_EXISTS') || clash >= MAX_NUMBER_CLASHES) throw error;
      }
    }
  }

  /** Files under a given number; an engine-opened file's number names its trigger, and a file that exists already records nothing. */
  async fileAs(complaintNo: string, input: FileComplaintInput, meta: CommandMeta, onceOnly = false,
    sealed?: SealedPersonalData | null): Promise<CommandResponse> {
    const sealedComplainant = sealed === undefined ? await sealComplainant(this.vault, input.complainant) : sealed;
    const lookups = await this.lookups(input.target);
    const reference = await this.reference.current();
    return this.runner.run<ComplaintState, ComplaintEvent, unknown>({
      streamId: complaintStreamId(complaintNo),
      initialState: initialComplaintState,
      evolve: evolveComplaint,
      decide: (state) => onceOnly && state.status !== 'none' ? [] : decideComplaint({ type: 'FileComplaint', data: { complaintNo, ...input, sealedComplainant, lookups } }, state,
        { now: meta.now, calendar: reference.calendar, feedbackWorkingDays: this.config.complaintFeedbackWorkingDays }),
      respond: (state) => ({ status: 201, body: state }),
    }, meta);
  }

  async act(complaintNo: string, command: ComplaintCommand, meta: CommandMeta): Promise<CommandResponse> {
    const reference = await this.reference.current();
    return this.runner.run<ComplaintState, ComplaintEvent, unknown>({
      streamId: complaintStreamId(complaintNo),
      initialState: initialComplaintState,
      evolve: evolveComplaint,
      decide: (state) => decideComplaint(command, state, { now: meta.now, calendar: reference.calendar, feedbackWorkingDays: this.config.complaintFeedbackWorkingDays }),
      respond: (state) => ({ status: 200, body: state }),
    }, meta);
  }

  /** Which of the staff members named in the actions are posted at a window now. */
  async postedStaff(staffIds: readonly string[]): Promise<string[]> {
    const posted: string[] = [];
    for (const staffId of staffIds) if ((await this.staff.state(staffId)).status === 'posted') posted.push(staffId);
    return posted;
  }

  private async lookups(target: ComplaintTarget): Promise<TargetLookups> {
    const reference = await this.reference.current();
    const { organization } = reference;
    const department = target.departmentId ? organization.departments.get(target.departmentId) ?? null : null;
    const window = target.windowId ? organization.windows.get(target.windowId) ?? null : null;
    const item = target.itemCode ? reference.item(target.itemCode) : null;
    const staff = target.staffId ? await this.staff.state(target.staffId) : null;
    let caseRecord: CaseRecord | null = null;
    if (target.caseNo) {
      const history = await this.store.readStream(caseStreamId(target.caseNo));
      const state = history.reduce((s, e) => evolveCase(s, asDomainEvent<CaseEvent>(e)), initialCaseState());
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
