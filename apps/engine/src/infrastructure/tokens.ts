export { EVENT_STORE } from '@gov/event-store';
/** The read-model store (a `ReadModelStore` from @gov/projections): SQLite under DATA_DIR, or PostgreSQL. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
/** The projector's fence on the `projector` lease (used in the projector role only). */
export const PROJECTOR_FENCE = Symbol('PROJECTOR_FENCE');
