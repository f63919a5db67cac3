export { REPORTS } from './reports.module';
