export * from './event-store.port';
export * from './event-store.errors';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export type { SqliteEventStoreOptions, SqliteEventStoreStats } from './sqlite/sqlite-event-store';
export { verifyEventLog } from './sqlite/audit/verify-event-log';
export type { AuditFinding, AuditFindingKind, AuditReport, VerifyOptions } from './sqlite/audit/verify-event-log';
export type { Seal, SealPolicy } from './sqlite/audit/seals';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
