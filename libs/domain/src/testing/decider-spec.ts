import { RuleViolation } from '../shared';

/**
 * Given/when/then for deciders: `given(events).when(command).then(events)` or
 * `.thenThrows(code)`. The state is folded from the given events with the real `evolve`.
 */
export function deciderSpec<TCommand, TState, TEvent, TContext>(decider: {
  decide: (command: TCommand, state: TState, context: TContext) => TEvent[];
  evolve: (state: TState, event: TEvent) => TState;
  initialState: () => TState;
}) {
  return {
    given(events: readonly TEvent[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: TCommand, context: TContext) {
          const run = () => decider.decide(command, state, context);
          return {
            then(expected: readonly TEvent[]): TEvent[] {
              const actual = run();
              expect(actual).toEqual(expected);
              return actual;
            },
            /** For events with computed fields: check a part of what was decided. */
            thenMatch(expected: readonly Partial<TEvent>[] | readonly object[]): TEvent[] {
              const actual = run();
              expect(actual).toMatchObject(expected as object[]);
              return actual;
            },
            thenThrows(code: string): RuleViolation {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(RuleViolation);
              expect((thrown as RuleViolation).code).toBe(code);
              return thrown as RuleViolation;
            },
          };
        },
      };
    },
  };
}
