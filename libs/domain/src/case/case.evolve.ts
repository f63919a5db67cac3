import { CaseEvent } from './case.events';
import { CaseRecord, CaseState } from './case.types';
import { evolveStep } from '../workflow/step.state';
import { isStepEvent, StepEvent } from '../workflow/step.events';

export function initialCaseState(): CaseState {
  return { status: 'none' };
}

/** Folds one event into the case. Never throws: every rule was checked in `decide`. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseReceived') {
    const d = event.data;
    return {
      status: 'open', caseNo: d.caseNo, item: d.item, channel: d.channel, windowId: d.windowId, subCenterId: d.subCenterId, acceptedDate: d.acceptedDate, limitDays: d.limitDays,
      dueDate: d.dueDate, dueAt: d.dueAt, warnAt: d.warnAt, suspendedWorkingDays: 0, suspension: null, materialsRequested: false,
      special: false, fee: null, feePaid: false, rating: null, lastEventAt: d.at, materialsNoticeBy: d.materialsNoticeBy,
      acceptanceDeemed: false, warnedFor: null, overdueFor: null, delivered: false,
    };
  }
  if (state.status === 'none') return state;
  const next = { ...state, lastEventAt: event.data.at };
  if (isStepEvent(event)) return evolveStep(next, event);
  return applyToRecord(next, event);
}

function applyToRecord(state: CaseRecord, event: Exclude<CaseEvent, { type: 'CaseReceived' } | StepEvent>): CaseRecord {
  switch (event.type) {
    case 'CaseNotAccepted':
      return { ...state, status: 'not-accepted', suspension: null };
    case 'MaterialsRequested':
      return { ...state, materialsRequested: true };
    case 'MaterialsSupplied':
      return state;
    case 'ClockSuspended':
      return { ...state, status: 'suspended', suspension: { reason: event.data.reason, since: event.data.at } };
    case 'ClockResumed':
      return {
        ...state, status: 'open', suspension: null, dueDate: event.data.dueDate, dueAt: event.data.dueAt, warnAt: event.data.warnAt,
        suspendedWorkingDays: state.suspendedWorkingDays + event.data.suspendedWorkingDays,
      };
    case 'CaseEscalated':
      return { ...state, special: true, limitDays: event.data.limitDaysFromAcceptance ?? event.data.limitDays, dueDate: event.data.dueDate, dueAt: event.data.dueAt, warnAt: event.data.warnAt };
    case 'FeeAssessed':
      return { ...state, fee: { fees: event.data.fees, totalFen: event.data.totalFen } };
    case 'FeeAssessmentRefused':
      return state;
    case 'FeePaid':
      return { ...state, feePaid: true };
    case 'CaseCompleted':
      return { ...state, status: 'completed' };
    case 'CaseWithdrawn':
      return { ...state, status: 'withdrawn', suspension: null };
    case 'CaseRated':
      return { ...state, rating: event.data.level };
    case 'CaseWarned':
      return { ...state, warnedFor: event.data.dueAt };
    case 'CaseOverdue':
      return { ...state, overdueFor: event.data.dueAt };
    case 'DeadlineRescheduled':
      return { ...state, dueDate: event.data.dueDate, dueAt: event.data.dueAt, warnAt: event.data.warnAt };
    case 'AcceptanceDeemed':
      return { ...state, acceptanceDeemed: true };
    case 'FeeReduced':
      return state;
    case 'FeeRefunded':
      return { ...state, refundedFen: (state.refundedFen ?? 0) + event.data.amountFen, refundReceipts: [...(state.refundReceipts ?? []), event.data.bankReceiptNo] };
    case 'TimeLimitExtended':
      return { ...state, extension: { approver: event.data.approver, reason: event.data.reason, at: event.data.at }, limitDays: event.data.limitDays, dueDate: event.data.dueDate, dueAt: event.data.dueAt, warnAt: event.data.warnAt };
    case 'AcceptedWithGaps':
      return { ...state, gaps: { missingMaterials: event.data.missingMaterials, materialsDueDate: event.data.materialsDueDate, outstanding: true } };
    case 'CommittedMaterialsSupplied':
      return { ...state, gaps: state.gaps ? { ...state.gaps, outstanding: false } : null };
    case 'DocumentAttached':
    case 'NotificationPreferencesSet':
      return state;
    case 'DecisionDelivered':
      return { ...state, delivered: true };
  }
}
