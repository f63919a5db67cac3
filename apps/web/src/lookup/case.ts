/** GET /api/cases/{caseNo} as the applicant's token reads it. */
export interface CaseAnswer {
  readonly caseNo: string;
  readonly status: 'open' | 'suspended' | 'completed' | 'withdrawn' | 'not-accepted';
  readonly item: { readonly code: string; readonly name: string; readonly category: 'immediate' | 'promised'; readonly departmentId: string };
  readonly acceptedDate: string;
  readonly limitDays: number;
  readonly dueDate: string;
  readonly dueAt: string;
  /** Open and past its due time (超期), as the engine sees it now. */
  readonly overdue?: boolean;
  readonly suspension: { readonly reason: string; readonly since: string } | null;
  readonly materialsRequested: boolean;
  readonly special: boolean;
  readonly fee: { readonly fees: readonly { readonly feeCode: string; readonly amountFen: number }[]; readonly totalFen: number } | null;
  readonly feePaid: boolean;
  readonly rating: string | null;
  /** The step (环节) the case is at, when its item defines steps; null once the last is done. */
  readonly step?: { readonly stepId: string; readonly name: string; readonly kind: string } | null;
  readonly history: readonly { readonly type: string; readonly occurredAt: string; readonly data: Record<string, unknown> }[];
}

/** The materials asked for and not yet supplied: the last list given (一次性告知), unless supplied since. */
export function missingMaterials(history: CaseAnswer['history']): readonly string[] {
  let missing: readonly string[] = [];
  for (const event of history) {
    if (event.type === 'MaterialsRequested') missing = (event.data.materials as string[] | undefined) ?? [];
    if (event.type === 'MaterialsSupplied') missing = [];
  }
  return missing;
}

/** How the case ended, when it has: the decision's outcome. */
export function completion(history: CaseAnswer['history']): { outcome: string; at: string } | null {
  const done = history.find((event) => event.type === 'CaseCompleted');
  return done ? { outcome: String(done.data.outcome), at: done.occurredAt } : null;
}
