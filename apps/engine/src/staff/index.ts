export { STAFF } from './staff.module';
export { StaffLookup } from './staff-lookup';
export { StaffActionCommand } from './staff.command';
