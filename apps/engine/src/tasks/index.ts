export { TASKS } from './tasks.module';
