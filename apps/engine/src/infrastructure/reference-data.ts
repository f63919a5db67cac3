import {
  CalendarEvent, evolveFeeCatalog, evolveOrganization, evolveServiceItem, FeeCatalogEvent, FeeCatalogState,
  initialFeeCatalogState, initialOrganizationState, initialServiceItemState, OrganizationEvent, OrganizationState,
  ServiceItemEvent, ServiceItemState, WorkingCalendar,
  evolveQueueSetup, initialQueueSetupState, QUEUE_SETUP_EVENTS, QueueSetupEvent, QueueSetupState,
} from '@gov/domain';
import type { CaseContext } from '@gov/domain';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';

const ITEM_EVENTS = new Set(['ItemPublished', 'ItemRevised', 'ItemWithdrawn']);
const FEE_EVENTS = new Set(['FeeEntryPublished', 'FeeEntryRevised', 'FeeEntryWithdrawn']);
const ORGANIZATION_EVENTS = new Set(['DepartmentRegistered', 'WindowRegistered', 'SubCenterRegistered']);
const CALENDAR_EVENTS = new Set(['CalendarYearPublished', 'CalendarYearCorrected']);
/** Every type `apply` folds: the store delivers only these (case events are most of the log). */
const QUEUE_EVENTS = new Set<string>(QUEUE_SETUP_EVENTS);
export const REFERENCE_EVENTS = [...ITEM_EVENTS, ...FEE_EVENTS, ...ORGANIZATION_EVENTS, ...CALENDAR_EVENTS, ...QUEUE_EVENTS];

/**
 * The small, slow-changing state every case command consults — the working calendar, the
 * catalog, the fee catalog, the organization — folded in memory from the store's log with
 * the domain's own `evolve`. Commands call `current()`, which first waits until the fold has
 * reached the store's head, so a decision never sees reference data older than the store.
 */
export class ReferenceData {
  private subscription: Subscription | null = null;
  private calendarValue = new WorkingCalendar();
  private organizationValue: OrganizationState = initialOrganizationState();
  private feeCatalogValue: FeeCatalogState = initialFeeCatalogState();
  private readonly items = new Map<string, ServiceItemState>();
  private queueSetupValue: QueueSetupState = initialQueueSetupState();

  constructor(
    private readonly store: EventStore,
    private readonly warningWorkingDaysBefore = 0,
  ) {}

  /** What a case decision needs besides the command: the time, the calendar, the warning policy. */
  caseContext(now: string): CaseContext {
    return { now, calendar: this.calendarValue, warningWorkingDaysBefore: this.warningWorkingDaysBefore };
  }

  start(): void {
    this.subscription ??= this.store.subscribeToAll({ after: 0, batchSize: 2000, types: REFERENCE_EVENTS }, async (events) => {
      for (const event of events) this.apply(event);
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  async current(): Promise<this> {
    if (!this.subscription) throw new Error('ReferenceData is not started');
    await this.subscription.caughtUpTo(await this.store.headPosition());
    return this;
  }

  get calendar(): WorkingCalendar {
    return this.calendarValue;
  }

  get organization(): OrganizationState {
    return this.organizationValue;
  }

  get feeCatalog(): FeeCatalogState {
    return this.feeCatalogValue;
  }

  /** The hall's queues and which windows call from them (排队叫号). */
  get queueSetup(): QueueSetupState {
    return this.queueSetupValue;
  }

  item(code: string): ServiceItemState {
    return this.items.get(code) ?? initialServiceItemState();
  }

  /** How many catalog items a receipt may name now (published, not withdrawn): for /ready. */
  publishedItems(): number {
    let count = 0;
    for (const item of this.items.values()) if (item.status === 'published') count += 1;
    return count;
  }

  private apply(stored: StoredEvent): void {
    const event = { type: stored.type, data: stored.data };
    if (ITEM_EVENTS.has(stored.type)) {
      const item = event as ServiceItemEvent;
      this.items.set(item.data.code, evolveServiceItem(this.item(item.data.code), item));
    } else if (FEE_EVENTS.has(stored.type)) {
      this.feeCatalogValue = evolveFeeCatalog(this.feeCatalogValue, event as FeeCatalogEvent);
    } else if (ORGANIZATION_EVENTS.has(stored.type)) {
      this.organizationValue = evolveOrganization(this.organizationValue, event as OrganizationEvent);
    } else if (CALENDAR_EVENTS.has(stored.type)) {
      this.calendarValue = this.calendarValue.withYear((event as CalendarEvent).data);
    } else if (QUEUE_EVENTS.has(stored.type)) {
      this.queueSetupValue = evolveQueueSetup(this.queueSetupValue, event as QueueSetupEvent);
    }
  }
}
