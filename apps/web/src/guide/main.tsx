import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet } from '../shared/api';
import { yuan } from '../shared/format';
import { CATEGORY, SUSPENSION_REASON } from '../shared/labels';
import '../shared/base.css';
import './guide.css';

interface Found {
  readonly code: string; readonly name: string; readonly departmentId: string; readonly departmentName: string;
  readonly category: string; readonly legalLimitDays: number; readonly promisedLimitDays: number; readonly charged: boolean;
}
interface Search { readonly departments: readonly { id: string; name: string }[]; readonly items: readonly Found[] }
interface Guide {
  readonly code: string; readonly version: number; readonly name: string; readonly category: string;
  readonly department: { id: string; name: string };
  readonly legalBasis: string; readonly materials: readonly string[]; readonly procedure: readonly string[]; readonly specialProcedures: readonly string[];
  readonly legalLimitDays: number; readonly promisedLimitDays: number;
  readonly fees: readonly { feeCode: string; amountFen: number; name: string; basis: string | null; level: string | null }[];
  readonly where: { windows: readonly { id: string; name: string }[]; subCenters: readonly { id: string; name: string }[]; online: boolean };
  readonly appointment: { possible: boolean; queueName?: string };
}

const SPECIAL: Record<string, string> = { ...SUSPENSION_REASON, 'collective-review': '集体会审' };
const LEVEL: Record<string, string> = { national: '国家', provincial: '省' };

/** The address says what is shown, so a search or an item can be shared: ?q=&department= or ?item=CODE. */
type View = { item: string } | { q: string; department: string };
function viewOf(search: string): View {
  const params = new URLSearchParams(search);
  const item = params.get('item');
  return item ? { item } : { q: params.get('q') ?? '', department: params.get('department') ?? '' };
}
function addressOf(view: View): string {
  if ('item' in view) return `?item=${encodeURIComponent(view.item)}`;
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  if (view.department) params.set('department', view.department);
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}

function App() {
  const [view, setView] = useState<View>(() => viewOf(location.search));
  useEffect(() => {
    const onPop = () => setView(viewOf(location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (next: View) => {
    history.pushState(null, '', addressOf(next));
    setView(next);
    scrollTo(0, 0);
  };
  return (
    <div class="guide">
      <header><h1>县政务服务中心 · 办事指南</h1></header>
      {'item' in view ? <ItemGuide code={view.item} onBack={() => go({ q: '', department: '' })} /> : <SearchPage view={view} onSearch={go} />}
    </div>
  );
}

function SearchPage({ view, onSearch }: { view: { q: string; department: string }; onSearch: (view: View) => void }) {
  const [draft, setDraft] = useState(view);
  const [answer, setAnswer] = useState<Search | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(view);
    const params = new URLSearchParams();
    if (view.q) params.set('q', view.q);
    if (view.department) params.set('departmentId', view.department);
    apiGet<Search>(`/api/guide/items?${params}`).then(setAnswer, (e: Error) => setError(e.message));
  }, [view.q, view.department]);
  return (
    <main>
      <form class="search" role="search" onSubmit={(e) => { e.preventDefault(); onSearch({ q: draft.q.trim(), department: draft.department }); }}>
        <label class="sr-only" for="q">事项名称或关键词</label>
        <input id="q" type="search" placeholder="输入事项名称或关键词，如：营业执照" value={draft.q} maxLength={50}
          onInput={(e) => setDraft({ ...draft, q: (e.target as HTMLInputElement).value })} />
        <label class="sr-only" for="department">部门</label>
        <select id="department" value={draft.department} onChange={(e) => setDraft({ ...draft, department: (e.target as HTMLSelectElement).value })}>
          <option value="">全部部门</option>
          {(answer?.departments ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
        <button type="submit">搜索</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {answer && <p class="meta" data-testid="count" role="status">共 {answer.items.length} 个事项</p>}
      <ul class="results" data-testid="results">
        {(answer?.items ?? []).map((item) => (
          <li key={item.code}>
            <a href={`?item=${encodeURIComponent(item.code)}`} data-item={item.code}
              onClick={(e) => { e.preventDefault(); onSearch({ item: item.code }); }}>
              <strong>{item.name}</strong>
              <span class="meta">{item.departmentName} · {CATEGORY[item.category]} · {item.category === 'immediate' ? '当场办结' : `承诺 ${item.promisedLimitDays} 个工作日`} · {item.charged ? '收费' : '不收费'}</span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

function ItemGuide({ code, onBack }: { code: string; onBack: () => void }) {
  const [guide, setGuide] = useState<Guide | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiGet<Guide>(`/api/guide/items/${encodeURIComponent(code)}`).then((g) => {
      setGuide(g);
      document.title = `${g.name} · 办事指南`;
    }, (e: Error) => setError(e instanceof ApiError && e.status === 404 ? '未找到该事项，可能已调整或取消' : e.message));
  }, [code]);
  return (
    <main>
      <a class="back" href="./" onClick={(e) => { e.preventDefault(); onBack(); }}>← 返回事项搜索</a>
      {error && <p class="error" role="alert">{error}</p>}
      {guide && (
        <article class="item" data-testid="item">
          <h2 data-field="name">{guide.name}</h2>
          <p class="meta">事项编码 {guide.code} · 第 {guide.version} 版 · {guide.department.name}</p>
          <dl class="terms">
            <dt>事项类型</dt><dd data-field="category">{CATEGORY[guide.category]}</dd>
            <dt>设立依据</dt><dd data-field="legalBasis">{guide.legalBasis}</dd>
            <dt>法定时限</dt><dd data-field="legalLimitDays">{guide.legalLimitDays} 个工作日</dd>
            <dt>承诺时限</dt><dd data-field="promisedLimitDays">{guide.category === 'immediate' ? '即办（当场办结）' : `${guide.promisedLimitDays} 个工作日`}</dd>
            {guide.specialProcedures.length > 0 && <><dt>特别程序</dt><dd>{guide.specialProcedures.map((p) => SPECIAL[p] ?? p).join('、')}（所需时间不计入办理时限）</dd></>}
            <dt>申报材料</dt>
            <dd><ol data-field="materials">{guide.materials.map((m) => <li key={m}>{m}</li>)}</ol></dd>
            <dt>办理程序</dt>
            <dd><ol data-field="procedure">{guide.procedure.map((p) => <li key={p}>{p}</li>)}</ol></dd>
            <dt>收费</dt>
            <dd data-field="fees">
              {guide.fees.length === 0 ? '不收费' : (
                <ul class="plain">
                  {guide.fees.map((f) => (
                    <li key={f.feeCode} data-fee={f.feeCode}>{f.name}：{yuan(f.amountFen)}（收费依据：{f.basis ?? '—'}{f.level ? `，${LEVEL[f.level] ?? f.level}收费目录` : ''}）</li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>办理地点</dt>
            <dd data-field="where">
              <ul class="plain">
                {guide.where.windows.map((w) => <li key={w.id}>政务服务中心 {w.name}</li>)}
                {guide.where.subCenters.map((s) => <li key={s.id}>{s.name}</li>)}
                {guide.where.online && <li>网上办事大厅（网上申请）</li>}
              </ul>
            </dd>
            <dt>预约办理</dt>
            <dd data-field="appointment">{guide.appointment.possible ? `可预约（${guide.appointment.queueName}），预约号在预约时段内优先叫号` : '暂不提供预约，请到现场取号'}</dd>
          </dl>
          <p class="meta">费用均由中心驻厅银行收取，窗口不收取现金。</p>
        </article>
      )}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
