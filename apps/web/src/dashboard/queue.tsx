import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../shared/api';
import type { QueueInfo } from '../shared/queue';

interface Spread { readonly median: number | null; readonly p90: number | null }
interface Row {
  readonly tickets: number; readonly called: number; readonly served: number; readonly noShows: number;
  readonly waitedMinutes: Spread; readonly untilCalledMinutes: Spread;
}
interface Answer {
  readonly total: Row;
  readonly byQueue: readonly (Row & { queueId: string })[];
  readonly byWindow: readonly (Row & { windowId: string })[];
  readonly byHour: readonly (Row & { hour: string })[];
}

const minutes = (value: number | null) => (value === null ? '—' : `${value} 分钟`);

/** 排队叫号: tickets, served, no-shows and waits of the period, by queue, window and hour of the day. */
export function QueueFigures({ token, from, to, version }: { token: string; from: string; to: string; version: number }) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiGet<Answer>(`/api/queue/figures?from=${from}&to=${to}`, token).then(setAnswer, (e: Error) => setError(e.message));
  }, [token, from, to, version]);
  useEffect(() => {
    apiGet<QueueInfo[]>('/api/queue/queues').then((queues) => setNames(new Map([
      ...queues.map((q) => [q.queueId, `${q.prefix} · ${q.name}`] as const),
      ...queues.flatMap((q) => q.windows.map((w) => [w.id, w.name] as const)),
    ])), () => undefined);
  }, []);
  const table = (caption: string, testId: string, rows: readonly (Row & { key: string; label: string })[]) => (
    <table data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption.replace('按', '')}</th><th scope="col" class="num">取号</th><th scope="col" class="num">已叫号</th>
          <th scope="col" class="num">已受理</th><th scope="col" class="num">过号</th>
          <th scope="col" class="num">等候至受理（中位数）</th><th scope="col" class="num">等候至受理（90%）</th><th scope="col" class="num">等候至叫号（中位数）</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-row={r.key}>
            <th scope="row">{r.label}</th><td class="num" data-col="tickets">{r.tickets}</td><td class="num">{r.called}</td>
            <td class="num" data-col="served">{r.served}</td><td class="num" data-col="noShows">{r.noShows}</td>
            <td class="num" data-col="waitedMedian">{minutes(r.waitedMinutes.median)}</td><td class="num" data-col="waitedP90">{minutes(r.waitedMinutes.p90)}</td>
            <td class="num">{minutes(r.untilCalledMinutes.median)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section aria-labelledby="queue-title" class="panel queue-figures">
      <h2 id="queue-title">排队叫号</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {answer && (answer.total.tickets === 0 ? <p>本期无取号。</p> : (
        <>
          {table('全中心', 'queue-total', [{ ...answer.total, key: 'total', label: '合计' }])}
          {table('按队列', 'queue-by-queue', answer.byQueue.map((r) => ({ ...r, key: r.queueId, label: names.get(r.queueId) ?? r.queueId })))}
          {table('按窗口', 'queue-by-window', answer.byWindow.map((r) => ({ ...r, key: r.windowId, label: names.get(r.windowId) ?? r.windowId })))}
          {table('按时段', 'queue-by-hour', answer.byHour.map((r) => ({ ...r, key: r.hour, label: `${r.hour}:00–${r.hour}:59` })))}
        </>
      ))}
      <p class="period-note">按取号日统计；等候时间自取号（预约号自预约时段开始）起算，至受理开件或首次叫号。</p>
    </section>
  );
}
