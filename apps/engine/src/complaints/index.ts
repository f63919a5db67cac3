export { COMPLAINTS } from './complaints.module';
export { AutomaticComplaintsPolicy, COMPLAINT_OPENER_TABLES } from './automatic-complaints.policy';
