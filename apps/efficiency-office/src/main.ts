import { runConsumerAppMain } from '@gov/messaging';
import { efficiencyOfficeApp } from './efficiency-office.app';

/** `npm run start:efficiency-office`: KAFKA_BROKERS, DATA_DIR (default ./data/efficiency-office), HEALTH_PORT (3101). */
runConsumerAppMain(efficiencyOfficeApp);
