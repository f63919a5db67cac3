export { ORGANIZATION } from './organization.module';
export { ChangeOrganizationCommand } from './organization.command';
