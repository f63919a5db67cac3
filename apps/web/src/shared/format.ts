const SHANGHAI = 'Asia/Shanghai';

/** A rate of the API (a fraction, or null when nothing to divide) as 95.4%. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Fen (分) as yuan: ¥80.00. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: SHANGHAI, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const time = new Intl.DateTimeFormat('zh-CN', { timeZone: SHANGHAI, hour: '2-digit', minute: '2-digit', hour12: false });

export const shanghaiDateTime = (iso: string) => dateTime.format(new Date(iso));
export const shanghaiTime = (iso: string) => time.format(new Date(iso));

/** The Shanghai day (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date = new Date()): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** 2026-04-07 → 2026年4月7日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of a date's week (weeks run Monday to Sunday, as the visits report counts them). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}
