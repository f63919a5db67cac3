import type { ConsumerAppDefinition } from '@gov/messaging';
import type { EfficiencyOfficeEffect } from './efficiency-office.effects';
import { efficiencyOfficeReadModel } from './efficiency-office.read-model';

/** The efficiency office (效能办) consumer: its own group, its own read model. */
export const efficiencyOfficeApp: ConsumerAppDefinition<EfficiencyOfficeEffect> = {
  service: 'efficiency-office',
  channels: ['cases', 'queue'],
  readModel: efficiencyOfficeReadModel,
  defaultHealthPort: 3101,
};
