import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiPost, claimsOf } from '../shared/api';
import '../shared/base.css';
import './tasks.css';

/** A step in progress the signed-in staff member holds or may claim (GET /api/tasks). */
interface Task {
  readonly caseNo: string;
  readonly itemName: string | null;
  readonly applicantName: string | null;
  readonly stepId: string;
  readonly stepName: string;
  readonly kind: string;
  readonly mine: boolean;
  readonly pool: string | null;
  readonly remoteAllowed: boolean;
  readonly dueDate: string;
  readonly overdue: boolean;
}

const TOKEN_KEY = 'gov.tasks.token';
const POOL_NAMES: Record<string, string> = { 'window-staff': '窗口', reviewer: '审查', approver: '审批' };

function MyTasks() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const signIn = (value: string) => {
    sessionStorage.setItem(TOKEN_KEY, value);
    setToken(value);
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };
  return (
    <div class="tasks">
      <header>
        <h1>我的待办</h1>
        {token && <button type="button" onClick={signOut}>退出</button>}
      </header>
      {token ? <Worklist token={token} onExpired={signOut} /> : <SignIn onToken={signIn} />}
    </div>
  );
}

/** Sign in by pasting the bearer token the center issued (as on the dashboard); kept in this tab only. */
function SignIn({ onToken }: { onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: Event) {
    event.preventDefault();
    const candidate = value.trim().replace(/^Bearer\s+/i, '');
    if (!claimsOf(candidate)) return setError('这不是有效的访问令牌。');
    try {
      await apiGet('/api/tasks', candidate);
      onToken(candidate);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? '令牌无效或已过期，请重新申领。' : e instanceof ApiError && e.status === 403 ? '此令牌不能办理待办（仅窗口工作人员和部门负责人）。' : (e as Error).message);
    }
  }
  return (
    <form onSubmit={submit}>
      <label for="token">访问令牌</label>
      <textarea id="token" rows={4} value={value} onInput={(e) => setValue((e.target as HTMLTextAreaElement).value)} required />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">登录</button>
    </form>
  );
}

function Worklist({ token, onExpired }: { token: string; onExpired: () => void }) {
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function load() {
    try {
      setTasks(await apiGet<Task[]>('/api/tasks', token));
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return onExpired();
      setError(`待办读取失败：${(e as Error).message}`);
    }
  }
  useEffect(() => {
    void load();
  }, [token]);

  async function act(task: Task, action: 'claim' | 'complete', body: object, done: string) {
    try {
      await apiPost(`/api/cases/${task.caseNo}/steps/${task.stepId}/${action}`, body, token);
      // The list first, then the notice: when it says 已批准, the task is no longer listed.
      await load();
      setNotice(done);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}（${e.code}）` : (e as Error).message);
    }
  }

  if (error && !tasks) return <p class="error" role="alert">{error}</p>;
  if (!tasks) return <p>读取中……</p>;
  return (
    <main>
      {notice && <p class="done" role="status" data-testid="notice">{notice}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {tasks.length === 0
        ? <p class="empty" data-testid="empty">暂无待办。</p>
        : (
          <ul class="list">
            {tasks.map((task) => <TaskCard key={`${task.caseNo}-${task.stepId}`} task={task} act={act} />)}
          </ul>
        )}
    </main>
  );
}

function TaskCard({ task, act }: { task: Task; act: (task: Task, action: 'claim' | 'complete', body: object, done: string) => Promise<void> }) {
  const [reasons, setReasons] = useState('');
  const deciding = task.kind === 'decision';
  const [y, m, d] = task.dueDate.split('-').map(Number);
  return (
    <li class={`task${task.overdue ? ' overdue' : ''}`} data-testid={`task-${task.caseNo}`}>
      <h2>{task.stepName} · {task.itemName ?? task.caseNo}</h2>
      <p class="meta">
        {task.mine ? <span class="badge">本人办理</span> : <span class="badge pool">{POOL_NAMES[task.pool ?? ''] ?? ''}待认领</span>}
        {task.overdue && <span class="badge late">已超时</span>}
        {task.caseNo}{task.applicantName ? ` · 申请人 ${task.applicantName}` : ''} · 限{y}年{m}月{d}日前办理
        {!task.remoteAllowed && '（须在大厅办理）'}
      </p>
      {!task.mine
        ? <div class="actions"><button type="button" onClick={() => act(task, 'claim', {}, `已认领 ${task.caseNo}`)}>认领</button></div>
        : (
          <form class="actions" onSubmit={(e) => e.preventDefault()}>
            <label for={`reasons-${task.caseNo}`}>{deciding ? '审批意见' : '办理意见'}</label>
            <textarea id={`reasons-${task.caseNo}`} rows={2} value={reasons} onInput={(e) => setReasons((e.target as HTMLTextAreaElement).value)} />
            <button type="button" onClick={() => act(task, 'complete', { opinion: 'agree', ...(reasons ? { reasons } : {}), ...(deciding ? { decision: reasons || '准予许可' } : {}) },
              deciding ? `已批准 ${task.caseNo}` : `已办理 ${task.caseNo}`)}>
              {deciding ? '批准' : '同意'}
            </button>
            <button type="button" onClick={() => act(task, 'complete', { opinion: 'disagree', reasons, ...(deciding ? { decision: reasons } : {}) },
              deciding ? `已作出不予批准决定 ${task.caseNo}` : `已提出不同意见 ${task.caseNo}`)} disabled={!reasons.trim()}>
              {deciding ? '不予批准' : '不同意'}
            </button>
          </form>
        )}
    </li>
  );
}

render(<MyTasks />, document.getElementById('app')!);
