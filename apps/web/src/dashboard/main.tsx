import { render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, apiGet } from '../shared/api';
import { shanghaiDate } from '../shared/format';
import { ROLE } from '../shared/labels';
import '../shared/base.css';
import './dashboard.css';
import type { DepartmentFigures, Figures } from './figures';
import { Login } from './login';
import { DepartmentRates, ReportFigures } from './report';
import { Scope, scopeOf } from './scope';
import { StepWaits } from './steps';
import { FeedItem, Supervision } from './supervision';
import { Trends } from './trends';
import { QueueFigures } from './queue';

const TOKEN_KEY = 'gov.dashboard.token';
const POLL_MS = 30_000;
const FEED_LENGTH = 50;

/** The period in the address (?from=&to=), so a view can be shared; this month by default. */
function initialPeriod(): { from: string; to: string } {
  const params = new URLSearchParams(location.search);
  const today = shanghaiDate();
  const valid = (d: string | null) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null);
  return { from: valid(params.get('from')) ?? `${today.slice(0, 8)}01`, to: valid(params.get('to')) ?? today };
}

interface Report {
  readonly main: Figures;
  readonly departments: readonly DepartmentFigures[];
}

function App() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const signIn = (t: string) => {
    sessionStorage.setItem(TOKEN_KEY, t);
    setToken(t);
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };
  const scope = useMemo(() => (token ? scopeOf(token) : null), [token]);
  if (!token || !scope || 'refused' in scope) return <Login onToken={signIn} />;
  return <Dashboard token={token} scope={scope} onSignOut={signOut} />;
}

function Dashboard({ token, scope, onSignOut }: { token: string; scope: Scope; onSignOut: () => void }) {
  const [period, setPeriod] = useState(initialPeriod);
  const [draft, setDraft] = useState(period);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [version, setVersion] = useState(0);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const refreshTimer = useRef<number | null>(null);

  const failed = useCallback((e: Error) => {
    if (e instanceof ApiError && e.status === 401) onSignOut();
    else setError(e.message);
  }, [onSignOut]);

  useEffect(() => {
    apiGet<{ id: string; name: string }[]>('/api/departments', token).then((rows) => setNames(new Map(rows.map((d) => [d.id, d.name]))), failed);
  }, [token]);

  // The calendar years to publish (from 1 November for the next one): a notice above the report.
  const [calendarNotice, setCalendarNotice] = useState<string | null>(null);
  useEffect(() => {
    apiGet<{ notices: { year: number }[]; openCasesOnUnpublishedYears: number }>('/api/calendar/notices', token).then((answer) => setCalendarNotice(
      answer.notices.length === 0 ? null
        : `${answer.notices.map((n) => n.year).join('、')}年工作日历尚未发布：期限按周一至周五计算（${answer.openCasesOnUnpublishedYears} 件在办件受影响）`), () => setCalendarNotice(null));
  }, [token, version]);

  useEffect(() => {
    const { from, to } = period;
    const load = scope.departmentId
      ? apiGet<Figures>(`/api/departments/${encodeURIComponent(scope.departmentId)}/stats?from=${from}&to=${to}`, token)
        .then((figures) => ({ main: figures, departments: [{ ...figures, departmentId: scope.departmentId! }] }))
      : apiGet<{ center: Figures; departments: DepartmentFigures[] }>(`/api/reports/center?from=${from}&to=${to}`, token)
        .then((answer) => ({ main: answer.center, departments: answer.departments }));
    load.then((r) => {
      setReport(r);
      setError(null);
    }, failed);
    history.replaceState(null, '', `?from=${from}&to=${to}`);
  }, [period, token, scope, version]);

  // Live: the efficiency office's feed for the center's roles; a department head's view is polled.
  useEffect(() => {
    const refresh = () => {
      if (refreshTimer.current !== null) return;
      refreshTimer.current = window.setTimeout(() => {
        refreshTimer.current = null;
        setVersion((v) => v + 1);
      }, 300);
    };
    if (!scope.liveFeed) {
      const timer = setInterval(refresh, POLL_MS);
      return () => clearInterval(timer);
    }
    // The feed replays its history to a new client, then goes on live: the list keeps the latest of both.
    const source = new EventSource(`/api/supervision/events?access_token=${encodeURIComponent(token)}`);
    const onMessage = (event: MessageEvent<string>) => {
      const item = JSON.parse(event.data) as FeedItem;
      setFeed((items) => [item, ...items.filter((known) => known.position !== item.position)].sort((a, b) => b.position - a.position).slice(0, FEED_LENGTH));
      refresh();
    };
    for (const type of ['CaseWarned', 'CaseOverdue', 'SupervisionNoticeOpened', 'NoticeReplied', 'NoticeClosed', 'NoticeReturned']) {
      source.addEventListener(type, onMessage as EventListener);
    }
    return () => source.close();
  }, [token, scope]);

  const apply = (event: Event) => {
    event.preventDefault();
    if (draft.from > draft.to) return setError('开始日期不能晚于结束日期');
    setPeriod(draft);
  };
  const title = scope.departmentId ? `${names.get(scope.departmentId) ?? scope.departmentId} 报表` : '中心报表';

  return (
    <div class="dashboard">
      <header>
        <h1>县政务服务中心 · 监督看板</h1>
        <div class="who">
          <span data-testid="who">{ROLE[scope.role] ?? scope.role}{scope.departmentId ? ` · ${names.get(scope.departmentId) ?? scope.departmentId}` : ''}</span>
          <button class="secondary" type="button" onClick={onSignOut}>退出</button>
        </div>
      </header>
      <form class="period" onSubmit={apply} aria-label="统计期间">
        <label for="from">开始日期</label>
        <input id="from" type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: (e.target as HTMLInputElement).value })} required />
        <label for="to">结束日期</label>
        <input id="to" type="date" value={draft.to} onInput={(e) => setDraft({ ...draft, to: (e.target as HTMLInputElement).value })} required />
        <button type="submit">查询</button>
        <span class="period-note">期间按受理日统计（北京时间，含首尾两日）</span>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {calendarNotice && <p class="error" role="status" data-testid="calendar-notice">{calendarNotice}</p>}
      <main>
        {report && <ReportFigures title={`${title}（${period.from} 至 ${period.to}）`} figures={report.main} />}
        {report && <DepartmentRates departments={report.departments} names={names} />}
        <Trends scope={scope} token={token} from={period.from} to={period.to} version={version} />
        <StepWaits scope={scope} token={token} from={period.from} to={period.to} version={version} departments={[...names.keys()]} />
        <Supervision scope={scope} token={token} from={period.from} to={period.to} version={version} names={names} feed={feed} />
        {!scope.departmentId && <QueueFigures token={token} from={period.from} to={period.to} version={version} />}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
