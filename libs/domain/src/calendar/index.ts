export * from './local-date';
export * from './working-calendar';
export * from './calendar.decider';
export * from './chinese-days.source';
export * from './calendar-notices';
