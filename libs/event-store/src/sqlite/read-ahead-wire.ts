import type { PageFold, ReadRangeOptions } from '../event-store.port';

/** What the read-ahead thread is started with. */
export interface ReaderThreadData extends ReadRangeOptions {
  readonly file: string;
  /** When set, the thread folds each page (toStoredEventLazily, then the fold) and posts what it made. */
  readonly fold?: PageFold;
}

/** Each `more` asks the thread for one page. */
export type ToReader = { readonly kind: 'more' };

export type FromReader =
  | { readonly kind: 'page'; readonly json: string[]; readonly count: number }
  | { readonly kind: 'folded'; readonly value: unknown; readonly count: number; readonly last: number; readonly ending?: true }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly message: string };
