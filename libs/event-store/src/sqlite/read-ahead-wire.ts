import type { PageWorker, ReadRangeOptions } from '../event-store.port';

/** What the read-ahead thread is started with. */
export interface ReaderThreadData extends ReadRangeOptions {
  readonly file: string;
  /** When set, the thread hands each page to the work it starts (toStoredEventLazily, then the work) and posts what it made. */
  readonly worker?: PageWorker;
}

/** Each `more` asks the thread for one page. */
export type ToReader = { readonly kind: 'more' };

export type FromReader =
  | { readonly kind: 'page'; readonly json: string[]; readonly count: number }
  | { readonly kind: 'worked'; readonly value: unknown; readonly count: number; readonly last: number; readonly ending?: true }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly message: string };
