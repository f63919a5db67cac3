export { HALL } from './hall.module';
