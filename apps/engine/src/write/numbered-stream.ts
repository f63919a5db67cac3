/**
 * A stream created under a number drawn for it: a case number, a complaint number. The store
 * makes the number unique (the stream is appended with "no stream" expected); the source only
 * proposes one, and draws again when the decider says the number was taken meanwhile.
 */
export interface NumberedStream {
  /** Runs `attempt` with a drawn number; draws again when it fails because the number was taken. */
  withNewNumber<T>(attempt: (number: string) => Promise<T>): Promise<T>;
  streamIdOf(number: string): string;
}
