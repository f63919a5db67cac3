/** Where the engine reads the time: the wall clock in production, a settable one in tests. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told to move: scenario tests drive weeks in milliseconds. */
export class ManualClock extends Clock {
  private current: Date;

  constructor(start: string | Date) {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string | Date): void {
    this.current = new Date(instant);
  }
}
