import { DomainEvent, rule, Decider, DecisionContext } from '../shared';

/** An entry of the national or provincial fee catalog (收费目录): the only fees a window may charge. */
export interface FeeEntry {
  readonly code: string;
  readonly name: string;
  readonly basis: string;
  readonly level: 'national' | 'provincial';
  /** The national minimum standard, in fen (分): no floating above it. */
  readonly standardAmountFen: number;
}

export type PublishFeeEntry = { readonly type: 'PublishFeeEntry'; readonly data: FeeEntry };
export type ReviseFeeEntry = { readonly type: 'ReviseFeeEntry'; readonly data: FeeEntry };
export type WithdrawFeeEntry = { readonly type: 'WithdrawFeeEntry'; readonly data: { readonly code: string; readonly reason: string } };
export type FeeCatalogCommand = PublishFeeEntry | ReviseFeeEntry | WithdrawFeeEntry;

export type FeeEntryPublished = DomainEvent<'FeeEntryPublished', FeeEntry>;
export type FeeEntryRevised = DomainEvent<'FeeEntryRevised', FeeEntry>;
export type FeeEntryWithdrawn = DomainEvent<'FeeEntryWithdrawn', { readonly code: string; readonly reason: string }>;
export type FeeCatalogEvent = FeeEntryPublished | FeeEntryRevised | FeeEntryWithdrawn;

/** The fee catalog is small and administered centrally: one stream holds it. */
export const FEE_CATALOG_STREAM = 'fee-catalog';

export interface FeeCatalogState {
  readonly entries: ReadonlyMap<string, FeeEntry>;
}

export function initialFeeCatalogState(): FeeCatalogState {
  return { entries: new Map() };
}

export function decideFeeCatalog(command: FeeCatalogCommand, state: FeeCatalogState): FeeCatalogEvent[] {
  const existing = state.entries.get(command.data.code);
  switch (command.type) {
    case 'PublishFeeEntry':
      rule('FeeEntryCodeIsUnique', 'FEE.ENTRY_EXISTS', 'conflict', !existing,
        `fee entry ${command.data.code} is already in the catalog`);
      return [{ type: 'FeeEntryPublished', data: command.data }];
    case 'ReviseFeeEntry':
      feeEntryMustExist(command.data.code, existing);
      return [{ type: 'FeeEntryRevised', data: command.data }];
    case 'WithdrawFeeEntry':
      feeEntryMustExist(command.data.code, existing);
      return [{ type: 'FeeEntryWithdrawn', data: command.data }];
  }
}

export function evolveFeeCatalog(state: FeeCatalogState, event: FeeCatalogEvent): FeeCatalogState {
  const entries = new Map(state.entries);
  if (event.type === 'FeeEntryWithdrawn') entries.delete(event.data.code);
  else entries.set(event.data.code, event.data);
  return { entries };
}

function feeEntryMustExist(code: string, entry: FeeEntry | undefined): void {
  rule('FeeEntryMustExist', 'FEE.ENTRY_NOT_FOUND', 'not-found', Boolean(entry), `fee entry ${code} is not in the catalog`);
}

/** A fee line charged on an item or a case. */
export interface FeeLine {
  readonly feeCode: string;
  readonly amountFen: number;
}

/**
 * Only fees in the fee catalog, at exactly its standard amount (DOMAIN.md: county-defined
 * fees are abolished, no floating). Used both when an item is published and when a fee is
 * assessed on a case.
 */
export function feesMustFollowTheFeeCatalog(fees: readonly FeeLine[], catalog: FeeCatalogState): void {
  for (const fee of fees) {
    const entry = catalog.entries.get(fee.feeCode);
    rule('FeeMustBeInFeeCatalog', 'FEE.NOT_IN_CATALOG', 'unprocessable', Boolean(entry),
      `fee ${fee.feeCode} is not in the national or provincial fee catalog`, { feeCode: fee.feeCode });
    rule('FeeMustBeTheStandardAmount', 'FEE.NOT_STANDARD_AMOUNT', 'unprocessable',
      entry?.standardAmountFen === fee.amountFen,
      `fee ${fee.feeCode} must be charged at its standard amount of ${entry?.standardAmountFen} fen, not ${fee.amountFen}`,
      { feeCode: fee.feeCode, standardAmountFen: entry?.standardAmountFen, amountFen: fee.amountFen });
  }
}

/** The fee catalog (收费目录): one stream for the center. */
export const feeCatalogDecider: Decider<FeeCatalogCommand, FeeCatalogState, FeeCatalogEvent, DecisionContext> = {
  initialState: initialFeeCatalogState, evolve: evolveFeeCatalog, decide: (command, state) => decideFeeCatalog(command, state),
};
