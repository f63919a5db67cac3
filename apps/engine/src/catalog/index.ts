export { CATALOG } from './catalog.module';
export { FeeCommand, ItemCommand } from './catalog.commands';
