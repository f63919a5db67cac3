/**
 * A tiny case decider shared by both sides of the command-handling comparison (ours and
 * Emmett's), so only the plumbing differs: receive, five steps, complete — seven commands a
 * stream, one event each, as in the HTTP mix.
 */
export type LiteCommand = 'receive' | 'step' | 'complete';

export interface LiteState {
  readonly status: 'none' | 'open' | 'completed';
  readonly steps: number;
  readonly feeFen: number;
}

export type LiteEvent =
  | { readonly type: 'LiteReceived'; readonly data: { readonly at: string; readonly item: string; readonly applicant: string } }
  | { readonly type: 'LiteStepRecorded'; readonly data: { readonly at: string; readonly feeCode: string; readonly amountFen: number } }
  | { readonly type: 'LiteCompleted'; readonly data: { readonly at: string; readonly outcome: 'approved' } };

export const LITE_STEPS = 5;
export const COMMANDS_PER_LITE_STREAM = LITE_STEPS + 2;

export const initialLiteState = (): LiteState => ({ status: 'none', steps: 0, feeFen: 0 });

export function evolveLite(state: LiteState, event: LiteEvent): LiteState {
  switch (event.type) {
    case 'LiteReceived':
      return { ...state, status: 'open' };
    case 'LiteStepRecorded':
      return { ...state, steps: state.steps + 1, feeFen: state.feeFen + event.data.amountFen };
    case 'LiteCompleted':
      return { ...state, status: 'completed' };
  }
}

export function decideLite(command: LiteCommand, state: LiteState, at: string): LiteEvent[] {
  switch (command) {
    case 'receive':
      if (state.status !== 'none') throw new Error('case already exists');
      return [{ type: 'LiteReceived', data: { at, item: 'ZRZY-001', applicant: '张三' } }];
    case 'step':
      if (state.status !== 'open' || state.steps >= LITE_STEPS) throw new Error('no step allowed');
      return [{ type: 'LiteStepRecorded', data: { at, feeCode: 'F-BDC-ZZ', amountFen: 8000 } }];
    case 'complete':
      if (state.status !== 'open') throw new Error('case not open');
      return [{ type: 'LiteCompleted', data: { at, outcome: 'approved' } }];
  }
}

/** The command a client sends at its `iteration`-th call, and the stream it goes to. */
export function liteCommandAt(caller: number, iteration: number): { readonly streamId: string; readonly command: LiteCommand } {
  const index = iteration % COMMANDS_PER_LITE_STREAM;
  const streamId = `lite-${caller}-${Math.floor(iteration / COMMANDS_PER_LITE_STREAM)}`;
  return { streamId, command: index === 0 ? 'receive' : index === COMMANDS_PER_LITE_STREAM - 1 ? 'complete' : 'step' };
}
