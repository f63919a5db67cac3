/**
 * The read-model tables, one interface for the query builder. Each area declares its own
 * tables beside its projection (`declare module '../store/tables'`), so this file lists only
 * the tables the store itself keeps.
 */
export interface ReadModelTables {
  /** The position in the event store's log each reader has handled up to. */
  checkpoints: { name: string; position: number };
  /** The version of each projection's tables the read models were built with. */
  projection_versions: { name: string; version: number };
}
