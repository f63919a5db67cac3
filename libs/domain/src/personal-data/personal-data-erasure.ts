import { DomainEvent, Decider, DecisionContext } from '../shared';

/**
 * The record of a person's erasure (crypto-shredding): who erased whom, when and why. The
 * key itself goes from the key store; this event keeps the act visible in the record (no
 * black-box operations) and names nothing of the person but the vault's random id.
 */
export const personalDataStreamId = (personId: string): string => `personal-data-${personId}`;

export type ErasePersonalData = { readonly type: 'ErasePersonalData'; readonly data: { readonly personId: string; readonly reason: string } };
export type PersonalDataErased = DomainEvent<'PersonalDataErased', { readonly at: string; readonly personId: string; readonly reason: string }>;
export type PersonalDataState = { readonly status: 'kept' } | { readonly status: 'erased'; readonly erasedAt: string };

export function initialPersonalDataState(): PersonalDataState {
  return { status: 'kept' };
}

/** Erasing twice records nothing new: the key is gone already, and the first record stands. */
export function decideErasure(command: ErasePersonalData, state: PersonalDataState, now: string): PersonalDataErased[] {
  if (state.status === 'erased') return [];
  return [{ type: 'PersonalDataErased', data: { at: now, personId: command.data.personId, reason: command.data.reason } }];
}

export function evolvePersonalData(_state: PersonalDataState, event: PersonalDataErased): PersonalDataState {
  return { status: 'erased', erasedAt: event.data.at };
}

/** A person's erasure: recorded once, never undone. */
export const personalDataDecider: Decider<ErasePersonalData, PersonalDataState, PersonalDataErased, DecisionContext> = {
  initialState: initialPersonalDataState, evolve: evolvePersonalData, decide: (command, state, context) => decideErasure(command, state, context.now),
};
