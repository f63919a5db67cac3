export { STAFF } from './staff.module';
export { StaffLookup } from './staff-lookup';
