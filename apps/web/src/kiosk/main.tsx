import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiPost } from '../shared/api';
import { shanghaiTime } from '../shared/format';
import { DrawnTicket, QueueInfo } from '../shared/queue';
import '../shared/base.css';
import './kiosk.css';

/** The ticket stays on the screen this long, then the kiosk is ready for the next person. */
const SHOW_TICKET_MS = 60_000;

/** The self-service ticket machine (自助取号机): no sign-in, one touch per ticket. */
function Kiosk() {
  const [queues, setQueues] = useState<readonly QueueInfo[] | null>(null);
  const [ticket, setTicket] = useState<(DrawnTicket & { windows: readonly string[] }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    apiGet<QueueInfo[]>('/api/queue/queues').then(setQueues, (e: Error) => setError(`无法载入办事队列：${e.message}`));
  }, []);
  useEffect(() => {
    if (!ticket) return;
    const timer = setTimeout(() => setTicket(null), SHOW_TICKET_MS);
    return () => clearTimeout(timer);
  }, [ticket]);

  async function draw(request: { departmentId: string } | { itemCode: string }) {
    setBusy(true);
    setError(null);
    try {
      const drawn = await apiPost<DrawnTicket>('/api/queue/tickets', request);
      setTicket({ ...drawn, windows: queues?.find((q) => q.queueId === drawn.queueId)?.windows.map((w) => w.name) ?? [] });
    } catch (e) {
      setError(e instanceof ApiError ? `取号失败：${e.message}` : '取号失败，请稍后再试或咨询导办人员');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="kiosk">
      <header>
        <h1>自助取号</h1>
        <p class="hint">请选择您要办理的业务，轻触即可取号</p>
      </header>
      {error && <p class="error" role="alert">{error}</p>}
      {ticket ? (
        <section class="ticket" aria-live="polite" data-testid="ticket">
          <p>您的排队号</p>
          <div class="number" data-testid="ticket-no">{ticket.ticketNo}</div>
          <p><strong>{ticket.queueName}</strong> · 取号时间 {shanghaiTime(ticket.at)}</p>
          <p data-testid="ahead">前面还有 <strong>{ticket.waitingAhead}</strong> 人等候</p>
          {ticket.windows.length > 0 && <p>办理窗口：{ticket.windows.join('、')}</p>}
          <p class="hint">请留意大厅显示屏和语音叫号；过号请重新取号</p>
          <button type="button" onClick={() => setTicket(null)}>完成</button>
        </section>
      ) : !queues ? <p>正在载入……</p> : queues.length === 0 ? <p>暂未设置办事队列，请咨询导办人员。</p> : (
        <>
        <ItemSearch disabled={busy} onPick={(itemCode) => draw({ itemCode })} />
        <ul class="queues" aria-label="办事队列">
          {queues.map((queue) => (
            <li key={queue.queueId}>
              <button type="button" disabled={busy} onClick={() => draw({ departmentId: queue.departments[0]?.id ?? '' })} data-queue={queue.queueId}>
                <span class="prefix">{queue.prefix} · {queue.name}</span>
                <span class="departments">{queue.departments.map((d) => d.name).join('、')}</span>
              </button>
            </li>
          ))}
        </ul>
        </>
      )}
    </div>
  );
}

/** 按事项取号: the applicant who knows the item finds it by name (the public guide's search) and draws for it. */
function ItemSearch({ disabled, onPick }: { disabled: boolean; onPick: (itemCode: string) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<readonly { code: string; name: string; departmentName: string }[] | null>(null);
  async function search(event: Event) {
    event.preventDefault();
    const answer = await apiGet<{ items: { code: string; name: string; departmentName: string }[] }>(`/api/guide/items?q=${encodeURIComponent(q.trim())}`);
    setFound(answer.items.slice(0, 8));
  }
  return (
    <section class="item-search" aria-labelledby="item-search-title">
      <h2 id="item-search-title">按事项取号</h2>
      <form onSubmit={search}>
        <label class="sr-only" for="item-q">事项名称</label>
        <input id="item-q" value={q} placeholder="输入事项名称，如：营业执照" maxLength={50} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        <button type="submit">查找</button>
      </form>
      {found && (found.length === 0 ? <p class="hint">没有找到，请按部门取号</p> : (
        <ul class="items">
          {found.map((item) => (
            <li key={item.code}><button type="button" class="secondary" disabled={disabled} data-item={item.code} onClick={() => onPick(item.code)}>{item.name}<span class="departments">{item.departmentName}</span></button></li>
          ))}
        </ul>
      ))}
      <h2>按部门取号</h2>
    </section>
  );
}

render(<Kiosk />, document.getElementById('app')!);
