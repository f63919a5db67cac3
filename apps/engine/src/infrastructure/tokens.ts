export { EVENT_STORE } from '@gov/event-store';
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
/** The projector's fence on the `projector` lease (used in the projector role only). */
export const PROJECTOR_FENCE = Symbol('PROJECTOR_FENCE');
