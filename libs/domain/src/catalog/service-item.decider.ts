import { DomainEvent, rule, Decider } from '../shared';
import { FeeCatalogState, feesMustFollowTheFeeCatalog } from './fee-catalog.decider';
import { ItemTerms, ItemVersion } from './service-item';
import { ProcedureStep, procedureMustBeLawful } from '../workflow/procedure';

export type PublishItem = { readonly type: 'PublishItem'; readonly data: { readonly code: string; readonly terms: ItemTerms } };
export type ReviseItem = {
  readonly type: 'ReviseItem';
  readonly data: { readonly code: string; readonly terms: ItemTerms; readonly reason: string };
};
export type WithdrawItem = { readonly type: 'WithdrawItem'; readonly data: { readonly code: string; readonly reason: string } };
/** A new version that changes only the procedure (its steps, e.g. imported from a BPMN model, and the list of their names); every other term stays. */
export type ReviseProcedure = {
  readonly type: 'ReviseProcedure';
  readonly data: { readonly code: string; readonly steps: readonly ProcedureStep[]; readonly reason: string };
};
export type ServiceItemCommand = PublishItem | ReviseItem | WithdrawItem | ReviseProcedure;

export type ItemPublished = DomainEvent<'ItemPublished', ItemVersion>;
export type ItemRevised = DomainEvent<'ItemRevised', ItemVersion & { readonly reason: string }>;
export type ItemWithdrawn = DomainEvent<'ItemWithdrawn', { readonly code: string; readonly version: number; readonly reason: string }>;
export type ServiceItemEvent = ItemPublished | ItemRevised | ItemWithdrawn;

export type ServiceItemState =
  | { readonly status: 'none' }
  | { readonly status: 'published' | 'withdrawn'; readonly current: ItemVersion };

/** What publishing an item must know of other aggregates. */
export interface CatalogContext {
  readonly feeCatalog: FeeCatalogState;
  readonly departmentExists: (departmentId: string) => boolean;
}

export const itemStreamId = (code: string): string => `item-${code}`;

export function initialServiceItemState(): ServiceItemState {
  return { status: 'none' };
}

export function decideServiceItem(command: ServiceItemCommand, state: ServiceItemState, context: CatalogContext): ServiceItemEvent[] {
  switch (command.type) {
    case 'PublishItem': {
      rule('ItemCodeIsUnique', 'ITEM.ALREADY_PUBLISHED', 'conflict', state.status === 'none',
        `item ${command.data.code} is already in the catalog; revise it instead`);
      termsMustBeLawful(command.data.terms, context);
      return [{ type: 'ItemPublished', data: { code: command.data.code, version: 1, ...command.data.terms } }];
    }
    case 'ReviseItem': {
      const current = itemMustBeInForce(command.data.code, state);
      termsMustBeLawful(command.data.terms, context);
      return [{
        type: 'ItemRevised',
        data: { code: current.code, version: current.version + 1, ...command.data.terms, reason: command.data.reason },
      }];
    }
    case 'ReviseProcedure': {
      const { code, version, ...terms } = itemMustBeInForce(command.data.code, state);
      // The guide's list of the procedure (办理流程) follows the steps' names.
      const revised: ItemTerms = { ...terms, steps: command.data.steps, procedure: command.data.steps.map((s) => s.name) };
      termsMustBeLawful(revised, context);
      return [{ type: 'ItemRevised', data: { code, version: version + 1, ...revised, reason: command.data.reason } }];
    }
    case 'WithdrawItem': {
      const current = itemMustBeInForce(command.data.code, state);
      return [{ type: 'ItemWithdrawn', data: { code: current.code, version: current.version, reason: command.data.reason } }];
    }
  }
}

export function evolveServiceItem(state: ServiceItemState, event: ServiceItemEvent): ServiceItemState {
  switch (event.type) {
    case 'ItemPublished':
      return { status: 'published', current: event.data };
    case 'ItemRevised': {
      const { reason: _reason, ...version } = event.data;
      return { status: 'published', current: version };
    }
    case 'ItemWithdrawn':
      return state.status === 'none' ? state : { status: 'withdrawn', current: state.current };
  }
}

function itemMustBeInForce(code: string, state: ServiceItemState): ItemVersion {
  rule('ItemMustExist', 'ITEM.NOT_FOUND', 'not-found', state.status !== 'none', `item ${code} is not in the catalog`);
  rule('ItemMustNotBeWithdrawn', 'ITEM.WITHDRAWN', 'conflict', state.status === 'published', `item ${code} has been withdrawn`);
  return (state as { current: ItemVersion }).current;
}

export function termsMustBeLawful(terms: ItemTerms, context: CatalogContext): void {
  rule('ItemDepartmentMustExist', 'ITEM.UNKNOWN_DEPARTMENT', 'unprocessable', context.departmentExists(terms.departmentId),
    `department ${terms.departmentId} is not registered`, { departmentId: terms.departmentId });
  if (terms.category === 'immediate') {
    rule('ImmediateItemsHaveNoPromisedLimit', 'ITEM.IMMEDIATE_WITH_PROMISED_LIMIT', 'unprocessable', terms.promisedLimitDays === 0,
      'an immediate item (即办件) is decided the same working day: its promised limit must be 0');
  } else {
    rule('PromisedItemsHaveAPromisedLimit', 'ITEM.PROMISED_LIMIT_MISSING', 'unprocessable', terms.promisedLimitDays >= 1,
      'a promised item (承诺件) needs a promised limit of at least 1 working day');
  }
  rule('PromisedLimitMustBeHalfOfLegalLimit', 'ITEM.PROMISED_LIMIT_TOO_LONG', 'unprocessable',
    terms.promisedLimitDays * 2 <= terms.legalLimitDays,
    `the promised limit (${terms.promisedLimitDays}) must be at most half the legal limit (${terms.legalLimitDays})`,
    { promisedLimitDays: terms.promisedLimitDays, legalLimitDays: terms.legalLimitDays });
  feesMustFollowTheFeeCatalog(terms.fees, context.feeCatalog);
  procedureMustBeLawful(terms);
}

/** A catalog item (事项) and its versions. */
export const serviceItemDecider: Decider<ServiceItemCommand, ServiceItemState, ServiceItemEvent, CatalogContext> = {
  initialState: initialServiceItemState, evolve: evolveServiceItem, decide: decideServiceItem,
};
