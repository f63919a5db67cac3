/** The queue API's answers as the kiosk, the window panel and the hall screen read them (apps/engine/src/queue). */
export interface QueueInfo {
  readonly queueId: string;
  readonly name: string;
  readonly prefix: string;
  readonly departments: readonly { readonly id: string; readonly name: string }[];
  readonly windows: readonly { readonly id: string; readonly name: string }[];
}

export interface DrawnTicket {
  readonly ticketId: string;
  readonly ticketNo: string;
  readonly queueId: string;
  readonly queueName: string;
  readonly day: string;
  readonly at: string;
  readonly waitingAhead: number;
}

/** What is announced in the hall: 请A001号到市场监管综合窗口办理. */
export const callWords = (ticketNo: string, windowName: string) => `请${ticketNo.split('').join(' ')}号到${windowName}办理`;
