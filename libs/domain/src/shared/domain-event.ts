/** Events and commands are plain readonly data. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

export interface Command<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** What a decider needs from the world besides the command: time is an input, never read inside. */
export interface DecisionContext {
  /** ISO-8601 instant at which the command takes effect. */
  readonly now: string;
}

export interface Decider<TCommand, TState, TEvent, TContext = DecisionContext> {
  decide(command: TCommand, state: TState, context: TContext): TEvent[];
  evolve(state: TState, event: TEvent): TState;
  initialState(): TState;
}

export function fold<TState, TEvent>(
  evolve: (state: TState, event: TEvent) => TState,
  initial: TState,
  events: readonly TEvent[],
): TState {
  return events.reduce(evolve, initial);
}
