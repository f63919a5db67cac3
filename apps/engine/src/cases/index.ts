export { CASES } from './cases.module';
export { WatchedCaseCommand, WatchedCaseHandler } from './watch/watched-case.command';
export { CaseActionCommand } from './actions/case-action.command';
