export { SUPERVISION } from './supervision.module';
export { DeadlineWatcher } from './deadline-watcher';
