import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiPost, claimsOf } from '../shared/api';
import { shanghaiTime } from '../shared/format';
import type { QueueInfo } from '../shared/queue';
import '../shared/base.css';
import './window.css';

const TOKEN_KEY = 'gov.window.token';
const POLL_MS = 5_000;

interface Panel {
  readonly windowId: string;
  readonly windowName: string | null;
  readonly current: { ticketId: string; ticketNo: string; queueId: string; calledAt: string; calls: number; caseNo: string | null; appointment: boolean } | null;
  readonly waiting: readonly { queueId: string; name: string; waiting: number }[];
}

interface Item { readonly code: string; readonly name: string; readonly status: string; readonly materials: readonly string[] }

/** What the engine's refusals mean to the clerk. */
const REFUSAL: Record<string, string> = {
  'QUEUE.NOTHING_WAITING': '当前没有等候您窗口的号',
  'QUEUE.NOT_CALLED_HERE': '该号不在本窗口',
  'QUEUE.WINDOW_DOES_NOT_SERVE': '目标窗口不办理该队列的业务',
};
const explain = (e: unknown) => (e instanceof ApiError ? REFUSAL[e.code] ?? `${e.message}（${e.code}）` : (e as Error).message);

function App() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const claims = token ? claimsOf(token) : null;
  const windowId = typeof claims?.window === 'string' ? claims.window : null;
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };
  if (!token || !windowId || claims?.role !== 'window-staff') {
    return <Login refused={token !== null} onToken={(t) => { sessionStorage.setItem(TOKEN_KEY, t); setToken(t); }} />;
  }
  return <CallingPanel token={token} windowId={windowId} departmentId={String(claims.department ?? '')} onSignOut={signOut} />;
}

function Login({ onToken, refused }: { onToken: (token: string) => void; refused: boolean }) {
  const [draft, setDraft] = useState('');
  return (
    <main class="panel-page">
      <div class="login">
        <h1>窗口叫号 · 登录</h1>
        {refused && <p class="error" role="alert">此令牌不是窗口工作人员的令牌</p>}
        <form onSubmit={(e) => { e.preventDefault(); onToken(draft.trim().replace(/^Bearer\s+/i, '')); }}>
          <label for="token">窗口工作人员令牌</label>
          <p class="help">由中心签发：<code>npm run token -- --role window-staff --department 部门代码 --window 窗口代码</code></p>
          <textarea id="token" rows={4} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} required />
          <button type="submit">登录</button>
        </form>
      </div>
    </main>
  );
}

function CallingPanel({ token, windowId, departmentId, onSignOut }: { token: string; windowId: string; departmentId: string; onSignOut: () => void }) {
  const [panel, setPanel] = useState<Panel | null>(null);
  const [queues, setQueues] = useState<readonly QueueInfo[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    apiGet<Panel>(`/api/queue/windows/${encodeURIComponent(windowId)}`, token).then(setPanel, (e) => {
      if (e instanceof ApiError && e.status === 401) onSignOut();
      else setMessage({ kind: 'error', text: explain(e) });
    });
  }, [token, windowId]);
  useEffect(() => {
    load();
    apiGet<QueueInfo[]>('/api/queue/queues').then(setQueues, () => undefined);
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  async function act(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      setMessage({ kind: 'ok', text: done });
    } catch (e) {
      setMessage({ kind: 'error', text: explain(e) });
    } finally {
      setBusy(false);
      load();
    }
  }
  const current = panel?.current ?? null;
  const onTicket = (action: string, body: object = {}) => apiPost(`/api/queue/tickets/${current!.ticketId}/${action}`, { windowId, ...body }, token);
  const targets = current ? (queues.find((q) => q.queueId === current.queueId)?.windows ?? []).filter((w) => w.id !== windowId) : [];

  return (
    <div class="panel-page">
      <header>
        <h1>窗口叫号 · {panel?.windowName ?? windowId}</h1>
        <button class="secondary" type="button" onClick={onSignOut}>退出</button>
      </header>
      {message && <p class={message.kind === 'error' ? 'error' : 'ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="message">{message.text}</p>}
      <section aria-labelledby="current-title">
        <h2 id="current-title">当前号</h2>
        <div class="current">
          <div class="number" data-testid="current">{current?.ticketNo ?? '—'}</div>
          {current && (
            <div>
              <p>{current.appointment ? '预约号 · ' : ''}叫号时间 {shanghaiTime(current.calledAt)}{current.calls > 1 ? ` · 已呼叫 ${current.calls} 次` : ''}</p>
              {current.caseNo && <p class="ok" data-testid="case-opened">已受理，办件编号 {current.caseNo}</p>}
            </div>
          )}
        </div>
        <div class="actions">
          <button class="call" type="button" disabled={busy} onClick={() => act(() => apiPost(`/api/queue/windows/${encodeURIComponent(windowId)}/call-next`, {}, token), '已叫号')}>叫下一位</button>
          <button class="secondary" type="button" disabled={busy || !current} onClick={() => act(() => onTicket('recall'), '已重呼')}>重呼</button>
          <button class="secondary" type="button" disabled={busy || !current} onClick={() => act(() => onTicket('no-show'), '已标记过号')}>过号</button>
          {targets.length > 0 && <Transfer targets={targets} disabled={busy || !current} onTransfer={(to) => act(() => onTicket('transfer', { toWindowId: to }), '已转窗')} />}
        </div>
      </section>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">等候人数</h2>
        <table data-testid="waiting">
          <thead><tr><th scope="col">队列</th><th scope="col" class="num">等候</th></tr></thead>
          <tbody>
            {(panel?.waiting ?? []).map((q) => <tr key={q.queueId} data-queue={q.queueId}><th scope="row">{q.name}</th><td class="num">{q.waiting}</td></tr>)}
          </tbody>
        </table>
      </section>
      {current && !current.caseNo && <OpenCase token={token} windowId={windowId} departmentId={departmentId} ticketId={current.ticketId}
        onOpened={(caseNo) => { setMessage({ kind: 'ok', text: `已受理，办件编号 ${caseNo}` }); load(); }} onError={(e) => setMessage({ kind: 'error', text: explain(e) })} />}
    </div>
  );
}

function Transfer({ targets, disabled, onTransfer }: { targets: readonly { id: string; name: string }[]; disabled: boolean; onTransfer: (to: string) => void }) {
  const [to, setTo] = useState(targets[0].id);
  return (
    <span class="actions">
      <label for="transfer-to">转至</label>
      <select id="transfer-to" value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
        {targets.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
      </select>
      <button class="secondary" type="button" disabled={disabled} onClick={() => onTransfer(to)}>转窗</button>
    </span>
  );
}

/** 受理开件: the case is received with the ticket it was called with, so the wait is measured to this acceptance. */
function OpenCase({ token, windowId, departmentId, ticketId, onOpened, onError }: {
  token: string; windowId: string; departmentId: string; ticketId: string; onOpened: (caseNo: string) => void; onError: (e: unknown) => void;
}) {
  const [items, setItems] = useState<readonly Item[]>([]);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [materials, setMaterials] = useState<readonly string[]>([]);
  useEffect(() => {
    apiGet<Item[]>(`/api/catalog/items?departmentId=${encodeURIComponent(departmentId)}`, token).then((rows) => {
      const published = rows.filter((i) => i.status === 'published');
      setItems(published);
      if (published[0]) { setCode(published[0].code); setMaterials(published[0].materials); }
    }, onError);
  }, [token, departmentId]);
  const item = items.find((i) => i.code === code);
  async function submit(event: Event) {
    event.preventDefault();
    try {
      const answer = await apiPost<{ caseNo: string }>('/api/cases', {
        itemCode: code, channel: 'window', windowId, ticketId, applicant: { kind: 'person', name: name.trim() }, materials,
      }, token);
      onOpened(answer.caseNo);
    } catch (e) {
      onError(e);
    }
  }
  return (
    <section aria-labelledby="case-title">
      <h2 id="case-title">受理开件</h2>
      <form class="case" onSubmit={submit}>
        <label for="item">办理事项</label>
        <select id="item" value={code} onChange={(e) => { const next = (e.target as HTMLSelectElement).value; setCode(next); setMaterials(items.find((i) => i.code === next)?.materials ?? []); }}>
          {items.map((i) => <option key={i.code} value={i.code}>{i.name}（{i.code}）</option>)}
        </select>
        <label for="applicant">申请人姓名</label>
        <input id="applicant" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required maxLength={100} />
        <span>已收材料</span>
        <div class="materials">
          {(item?.materials ?? []).map((m) => (
            <label key={m}>
              <input type="checkbox" checked={materials.includes(m)} onChange={(e) => setMaterials((e.target as HTMLInputElement).checked ? [...materials, m] : materials.filter((x) => x !== m))} /> {m}
            </label>
          ))}
        </div>
        <div class="wide"><button type="submit" disabled={!code}>受理</button></div>
      </form>
    </section>
  );
}

render(<App />, document.getElementById('app')!);
