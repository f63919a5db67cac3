import type { ConsumerAppDefinition } from '@gov/messaging';
import type { DisciplineEffect } from './discipline.effects';
import { disciplineReadModel } from './discipline.read-model';

/** The discipline window (纪检监察) consumer: its own group, its own read model. */
export const disciplineApp: ConsumerAppDefinition<DisciplineEffect> = {
  service: 'discipline',
  channels: ['cases', 'complaints'],
  readModel: disciplineReadModel,
  defaultHealthPort: 3102,
};
