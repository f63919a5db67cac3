export * from './event-store.port';
export * from './event-store.errors';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export type { SqliteEventStoreOptions, SqliteEventStoreStats } from './sqlite/sqlite-event-store';
export { verifyEventLog } from './sqlite/audit/verify-event-log';
export type { AuditFinding, AuditFindingKind, AuditReport, VerifyOptions } from './sqlite/audit/verify-event-log';
export type { Seal, SealPolicy } from './sqlite/audit/seals';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
export { AppendOnlySealFile, readSealLines } from './sqlite/audit/seal-anchor';
export type { AnchoredSeal, SealAnchor } from './sqlite/audit/seal-anchor';
export { workPages } from './sqlite/page-worker';
export {
  CRYPTO_SUITES, type CryptoSuite, generateSealSigningKey, isCryptoSuite, isRecordHash, RecordDigest, recordHash, SM2_DEFAULT_ID,
  type SealSignature, type SealSigningKey, sealSigningKeyOf, signSeal, sm2PublicKeyPem, suiteOfHash, verifySealSignature,
} from './audit/crypto-suite';
export { eventHash, EVENT_HASH_FORMAT, SealHasher, SEAL_HASH_FORMAT } from './sqlite/audit/record-hash';
export type { HashedEventFields, SealHeader, SealReason } from './sqlite/audit/record-hash';
export { sealStoreOnward, StoreSuiteMismatchError } from './sqlite/audit/suite-migration';
export type { RecordCrypto } from './sqlite/audit/seals';
export { PostgresEventStore } from './postgres/postgres-event-store';
export type { PostgresEventStoreOptions, PostgresEventStoreStats } from './postgres/postgres-event-store';
export { verifyPostgresEventLog } from './postgres/verify-postgres-event-log';
export type { PostgresLogLocation } from './postgres/verify-postgres-event-log';
