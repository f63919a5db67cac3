import { COMPLAINT_OPENER_TABLES } from '../complaints/automatic-complaints.policy';
import { DOCUMENT_ERASURE_TABLES } from '../documents';
import { NOTIFICATION_TABLES } from '../notifications';
import { RATING_TABLES } from '../ratings';

/**
 * Every table a log reader keeps in the read-model store. They are not projections: a rebuild
 * of the read models keeps them, with the readers' checkpoints (cli/carry-over-log-readers.ts;
 * test/cli/report-and-rebuild.spec.ts fails if a table the engine makes is neither rebuilt nor
 * listed here).
 */
export const LOG_READER_TABLES: readonly string[] = [...COMPLAINT_OPENER_TABLES, ...NOTIFICATION_TABLES, ...RATING_TABLES, ...DOCUMENT_ERASURE_TABLES];
