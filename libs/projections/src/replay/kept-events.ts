import { keepEvents } from '../projection';

/*
 * The folds of the projections that apply their events one by one: the few events each reads,
 * kept on a replay's reading thread (replay-work.ts) so that the rest never cross to the
 * projector. Each projection's `apply` checks the same again.
 */

/** The catalog, the organisation and the calendar: everything but the cases. */
export const catalogEvents = keepEvents((event) => !event.streamId.startsWith('case-'));

export const complaintEvents = keepEvents((event) => event.streamId.startsWith('complaint-'));
export const staffEvents = keepEvents((event) => event.streamId.startsWith('staff-'));
export const rectificationEvents = keepEvents((event) => event.streamId.startsWith('rectification-'));

/** The steps of the cases that run them (the worklists and the step runs). */
export const taskEvents = keepEvents((event) => event.streamId.startsWith('case-') && event.type.startsWith('Step'));
