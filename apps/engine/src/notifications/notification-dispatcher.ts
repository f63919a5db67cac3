import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CaseEvent, CaseReceived, caseStreamId, NotificationPreferencesSet, recordedApplicant } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { ReadModelStore } from '@gov/projections';
import { QUERY_CODES } from '../auth/auth.providers';
import type { QueryCodes } from '../auth/query-codes';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Clock } from '../infrastructure/clock';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '../personal-data';
import { NOTIFICATION_GATEWAYS, NotificationGateway, OutgoingNotification, Recipient } from './notification-gateway.port';
import { notificationParams } from './notification-kinds';
import { dueRows, OutboxRow, settle } from './notification-outbox';
import { render, type NotificationTemplates } from './notification-templates';

export const NOTIFICATION_TEMPLATES = Symbol('NOTIFICATION_TEMPLATES');
export const WECHAT_OPENID = 'wechat-openid';
const BATCH = 50;

/** How often, and how many times, a notification is tried (NOTIFY_* settings). */
export interface DispatchSettings {
  readonly pollMs: number;
  readonly retryBaseMs: number;
  readonly maxAttempts: number;
}
export const DEFAULT_DISPATCH: DispatchSettings = { pollMs: 2_000, retryBaseMs: 30_000, maxAttempts: 6 };

/**
 * Works off the outbox: each due notification is composed from the case's record, its recipient
 * unsealed from the vault, and sent through the first gateway that can reach them (WeChat when
 * the applicant gave an openid, else SMS; the log when neither is configured). A failure worth
 * retrying waits retryBaseMs × 2^(attempt-1); after maxAttempts, or a refusal for good, the
 * notification is dead-lettered with the reason. Nothing goes to an erased applicant, nor to one
 * who opted out. Runs where the policies run (the all-in-one engine, the watcher under its lease).
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private readonly settings: DispatchSettings;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(QUERY_CODES) private readonly queryCodes: QueryCodes,
    @Inject(NOTIFICATION_GATEWAYS) private readonly gateways: readonly NotificationGateway[],
    @Inject(NOTIFICATION_TEMPLATES) private readonly templates: NotificationTemplates,
    @Inject(ENGINE_CONFIG) config: EngineConfig,
    private readonly clock: Clock,
  ) {
    this.settings = { ...DEFAULT_DISPATCH, ...config.notifications?.dispatch };
  }

  onApplicationBootstrap(): void {
    if (this.settings.pollMs <= 0) return;
    this.timer = setInterval(() => void this.drain().catch((error) => this.logger.error(String(error))), this.settings.pollMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Sends every notification due by the clock's time; one pass at a time. Resolves to how many were tried. */
  drain(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    let tried = 0;
    for (;;) {
      const rows = await dueRows(this.readModels.db, this.clock.now().toISOString(), BATCH);
      for (const row of rows) {
        await this.deliver(row);
        // On SQLite every step of a delivery is synchronous under its promise: without a turn of the event loop between them,
        // a pass over a busy hall's notifications held every request for ~300 ms (every 2 s under 750 receipts/s).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      tried += rows.length;
      if (rows.length < BATCH) return tried;
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const events = await this.store.readStream(caseStreamId(row.case_no));
    const event = events.find((stored) => stored.id === row.notification_id);
    const receipt = events[0]?.data as CaseReceived['data'] | undefined;
    if (!event || !receipt) return this.dead(row, 'the event is not in the case\'s record');
    const preferences = latestPreferences(events);
    if (preferences?.optedOut) return settle(this.readModels.db, row.notification_id, { status: 'declined', reason: 'the applicant opted out' });
    const recipient = await this.recipientOf(receipt, preferences);
    if (!recipient) return this.dead(row, 'the applicant has been erased: nothing is sent after erasure');
    const gateway = this.gateways.find((candidate) => candidate.canReach(recipient));
    if (!gateway) return this.dead(row, 'no way to reach the applicant: no phone on the receipt and no WeChat openid');
    const delivery = await gateway.send(this.compose(row, event, receipt), recipient);
    const attempts = row.attempts + 1;
    if (delivery.outcome === 'sent') {
      return settle(this.readModels.db, row.notification_id, {
        status: 'sent', attempts, channel: gateway.channel, reference: delivery.reference, reason: null, sent_at: this.clock.now().toISOString(),
      });
    }
    if (delivery.outcome === 'refused' || attempts >= this.settings.maxAttempts) {
      return this.dead(row, delivery.outcome === 'refused' ? delivery.reason : `${delivery.reason} (gave up after ${attempts} attempts)`, attempts, gateway.channel);
    }
    const next = new Date(this.clock.now().getTime() + this.settings.retryBaseMs * 2 ** (attempts - 1)).toISOString();
    await settle(this.readModels.db, row.notification_id, { attempts, next_attempt_at: next, reason: delivery.reason, channel: gateway.channel });
  }

  private async dead(row: OutboxRow, reason: string, attempts = row.attempts, channel: string | null = row.channel): Promise<void> {
    this.logger.warn(`notification ${row.notification_id} (${row.kind}, case ${row.case_no}) dead-lettered: ${reason}`);
    await settle(this.readModels.db, row.notification_id, { status: 'dead', attempts, reason, channel });
  }

  /** The applicant's phone and openid in clear, or null once they are erased (or were never sealed). */
  private async recipientOf(receipt: CaseReceived['data'], preferences: NotificationPreferencesSet['data'] | null): Promise<Recipient | null> {
    const applicant = recordedApplicant(receipt.applicant);
    if (!applicant.personId) return null;
    const fields = await this.vault.unseal(applicant);
    if (!fields) return null;
    const openId = preferences?.wechatOpenId ? await this.vault.openSecret(applicant.personId, preferences.wechatOpenId, WECHAT_OPENID) : null;
    return { phone: fields.phone, wechatOpenId: openId?.toString('utf8') };
  }

  private compose(row: OutboxRow, event: StoredEvent, receipt: CaseReceived['data']): OutgoingNotification {
    const template = this.templates.kinds[row.kind];
    const params = notificationParams(row.kind, { type: event.type, data: event.data } as CaseEvent, receipt,
      { queryCode: this.queryCodes.of(row.case_no), labels: this.templates });
    return { notificationId: row.notification_id, kind: row.kind, caseNo: row.case_no, signName: this.templates.signName, template, params, text: render(template.text, params) };
  }
}

function latestPreferences(events: readonly StoredEvent[]): NotificationPreferencesSet['data'] | null {
  const set = events.filter((event) => event.type === 'NotificationPreferencesSet');
  return set.length === 0 ? null : (set[set.length - 1].data as NotificationPreferencesSet['data']);
}
