import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@gov/event-store';
import {
  createKafka, createRelay, InProcessMessageBus, IntegrationEventPublisher, IntegrationEventSubscriber, KafkaIntegrationEventPublisher,
  KafkaIntegrationEventSubscriber, KafkaSettings, loadKafkaSettings, MessagingLogger, Relay,
} from '@gov/messaging';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ENGINE_ROLE, EngineRole, runsRelayModule } from '../infrastructure/engine-role';

export const INTEGRATION_EVENT_PUBLISHER = Symbol('INTEGRATION_EVENT_PUBLISHER');
export const INTEGRATION_EVENT_SUBSCRIBER = Symbol('INTEGRATION_EVENT_SUBSCRIBER');

/**
 * What the engine's ports are wired to: with MESSAGING=kafka, the Kafka adapters, and the
 * relay publishes the store's log to Kafka (its checkpoint in DATA_DIR/relay.sqlite, or beside the events with EVENT_STORE=postgres); by
 * default, an in-process bus and no Kafka client at all. In process, the relay runs only
 * when something subscribed to the bus during module init: with nobody to deliver to, the
 * embedded default pays nothing for it.
 */
@Module({
  providers: [
    {
      provide: InProcessMessageBus,
      useFactory: () => new InProcessMessageBus({ logger: nestLogger('integration-events') }),
    },
    {
      provide: INTEGRATION_EVENT_PUBLISHER,
      inject: [ENGINE_CONFIG, InProcessMessageBus],
      useFactory: (config: EngineConfig, bus: InProcessMessageBus): IntegrationEventPublisher => {
        if (config.messaging !== 'kafka') return bus;
        const settings = kafkaSettings(config);
        return new KafkaIntegrationEventPublisher(createKafka(settings, nestLogger('kafka')), settings, nestLogger('kafka'));
      },
    },
    {
      provide: INTEGRATION_EVENT_SUBSCRIBER,
      inject: [ENGINE_CONFIG, InProcessMessageBus],
      useFactory: (config: EngineConfig, bus: InProcessMessageBus): IntegrationEventSubscriber => {
        if (config.messaging !== 'kafka') return bus;
        const settings = kafkaSettings(config);
        return new KafkaIntegrationEventSubscriber(createKafka(settings, nestLogger('kafka')), settings, { logger: nestLogger('kafka') });
      },
    },
    {
      provide: Relay,
      inject: [EVENT_STORE, ENGINE_CONFIG, INTEGRATION_EVENT_PUBLISHER],
      useFactory: (store: EventStore, config: EngineConfig, publisher: IntegrationEventPublisher) =>
        createRelay(store, publisher, config.dataDir, nestLogger('relay'), config.eventStore?.kind === 'postgres'
          ? { connectionString: config.eventStore.connectionString, schema: config.eventStore.schema } : undefined),
    },
  ],
  exports: [INTEGRATION_EVENT_PUBLISHER, INTEGRATION_EVENT_SUBSCRIBER, Relay],
})
export class MessagingModule implements OnApplicationBootstrap, OnModuleDestroy {
  private started = false;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(INTEGRATION_EVENT_PUBLISHER) private readonly publisher: IntegrationEventPublisher,
    private readonly bus: InProcessMessageBus,
    private readonly relay: Relay,
    @Inject(ENGINE_ROLE) private readonly role: EngineRole,
  ) {}

  onApplicationBootstrap(): void {
    // The distributed roles leave publishing to apps/relay (npm run start:relay).
    if (!runsRelayModule(this.role)) return;
    if (this.config.messaging !== 'kafka' && !this.bus.hasSubscribers()) return;
    this.relay.start();
    this.started = true;
  }

  /** Before the store closes (that is onApplicationShutdown): the relay's last batch still reads it. */
  async onModuleDestroy(): Promise<void> {
    if (this.started) await this.relay.stop();
    await this.publisher.close();
  }
}

function kafkaSettings(config: EngineConfig): KafkaSettings {
  return loadKafkaSettings({ ...process.env, KAFKA_BROKERS: (config.kafkaBrokers ?? []).join(',') }, 'gov-engine');
}

function nestLogger(context: string): MessagingLogger {
  const logger = new Logger(context);
  const line = (message: string, fields?: Record<string, unknown>) => (fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message);
  return {
    debug: (message, fields) => logger.debug(line(message, fields)),
    info: (message, fields) => logger.log(line(message, fields)),
    warn: (message, fields) => logger.warn(line(message, fields)),
    error: (message, fields) => logger.error(line(message, fields)),
  };
}
