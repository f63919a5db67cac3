/**
 * The event can never be handled as it is (not a CloudEvent, bad JSON, a payload that breaks
 * its contract): retrying is pointless, so it goes straight to the dead-letter channel.
 */
export class UnprocessableEventError extends Error {
  readonly code = 'MESSAGING.UNPROCESSABLE_EVENT';
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableEventError';
  }
}
