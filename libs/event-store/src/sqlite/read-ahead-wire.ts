import type { ReadRangeOptions } from '../event-store.port';

/** What the read-ahead thread is started with. */
export interface ReaderThreadData extends ReadRangeOptions {
  readonly file: string;
}

/** Each `more` asks the thread for one page. */
export type ToReader = { readonly kind: 'more' };

export type FromReader =
  | { readonly kind: 'page'; readonly json: string[]; readonly count: number }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly message: string };
