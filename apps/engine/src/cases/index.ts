export { CASES } from './cases.module';
export { WatchedCaseCommand, WatchedCaseHandler } from './watch/watched-case.command';
