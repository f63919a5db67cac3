import type { Applicant, ReceiveCase, StaffAuthorizations } from '@gov/domain';
import type { ReferenceData } from '../../infrastructure/reference-data';
import type { ReceiveCaseRequest } from './receive-case.request.dto';

/** A receipt whose applicant the vault has sealed (personal-data/sealing.ts): what reaches `decide`. */
export type SealedReceipt = Omit<ReceiveCaseRequest, 'applicant'> & { readonly applicant: Applicant };

/**
 * The domain's ReceiveCase, with the item, window and sub-center the request names looked up. Used live and by the import.
 * `staff` is the roster's look-up of `staffId` (live receipts only; imported histories predate the roster).
 */
export function receiveCommand(caseNo: string, request: SealedReceipt, reference: ReferenceData, staff: StaffAuthorizations | null = null): ReceiveCase {
  const { organization } = reference;
  return {
    type: 'ReceiveCase',
    data: {
      caseNo, itemCode: request.itemCode, item: reference.item(request.itemCode), applicant: { ...request.applicant }, channel: request.channel,
      windowId: request.windowId ?? null, window: organization.windows.get(request.windowId ?? '') ?? null,
      subCenterId: request.subCenterId ?? null, subCenter: organization.subCenters.get(request.subCenterId ?? '') ?? null,
      staffId: request.staffId ?? null, staff, materials: request.materials,
      ...(request.ticketId ? { ticketId: request.ticketId } : {}),
    },
  };
}

/** Case numbers carry the item's department's prefix; an unknown item gets the center's (the receipt is refused anyway). */
export function caseNoPrefix(itemCode: string, reference: ReferenceData): string {
  const item = reference.item(itemCode);
  return item.status === 'none' ? 'ZW' : reference.organization.departments.get(item.current.departmentId)?.caseNoPrefix ?? 'ZW';
}
