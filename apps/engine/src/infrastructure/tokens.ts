export { EVENT_STORE } from '@gov/event-store';
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
