import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet } from '../shared/api';
import { percent, shanghaiDate } from '../shared/format';
import '../shared/base.css';
import './ratings.css';

interface Figures {
  readonly key: string;
  readonly name?: string;
  readonly rated: number;
  readonly satisfied: number;
  readonly satisfactionRate: number | null;
  readonly bad: number;
  readonly byDefault: number;
}

interface Published {
  readonly month: string;
  readonly total: Figures | null;
  readonly departments: readonly Figures[];
  readonly channels: readonly Figures[];
  readonly badRatingsFollowedUp: { readonly opened: number; readonly visited: number; readonly visitedInTime: number; readonly confirmed: number; readonly accepted: number };
}

const CHANNEL: Record<string, string> = { window: '窗口', online: '网上办事', 'sub-center': '便民服务中心' };

/** The month before today's (Asia/Shanghai), or `?month=` of the address. */
function monthToShow(): string {
  const asked = new URLSearchParams(location.search).get('month');
  if (asked && /^\d{4}-\d{2}$/.test(asked)) return asked;
  const [year, month] = shanghaiDate().split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** 好差评 monthly publication (评价结果公开): figures by department and channel, and how bad ratings were followed up; nobody named. */
function Ratings() {
  const month = monthToShow();
  const [published, setPublished] = useState<Published | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiGet<Published>(`/api/ratings/published/${month}`).then(setPublished, (e: Error) =>
      setError(e instanceof ApiError && e.code === 'RATINGS.MONTH_NOT_CLOSED' ? `${month} 尚未结束，月度结果于次月公示。` : '暂时无法获取评价结果。'));
  }, [month]);

  const [year, m] = month.split('-').map(Number);
  return (
    <div class="ratings">
      <header><h1>政务服务“好差评”月度公示</h1><p>{year}年{m}月 · 县政务服务中心</p></header>
      {error && <p class="error" role="alert">{error}</p>}
      {published && (
        <main>
          <section class="card" aria-labelledby="total-title">
            <h2 id="total-title">总体</h2>
            <p data-testid="total">评价 {published.total?.rated ?? 0} 件，满意率 {percent(published.total?.satisfactionRate)}，差评 {published.total?.bad ?? 0} 件（其中默认好评 {published.total?.byDefault ?? 0} 件）</p>
            <p data-testid="follow-up">差评回访 {published.badRatingsFollowedUp.visited}/{published.badRatingsFollowedUp.opened} 件（按时 {published.badRatingsFollowedUp.visitedInTime} 件），申请人确认整改 {published.badRatingsFollowedUp.confirmed} 件，认可 {published.badRatingsFollowedUp.accepted} 件</p>
          </section>
          <FiguresTable title="各部门" rows={published.departments} label={(row) => row.name ?? row.key} testId="departments" />
          <FiguresTable title="各渠道" rows={published.channels} label={(row) => CHANNEL[row.key] ?? row.key} testId="channels" />
        </main>
      )}
    </div>
  );
}

function FiguresTable({ title, rows, label, testId }: { title: string; rows: readonly Figures[]; label: (row: Figures) => string; testId: string }) {
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      <table data-testid={testId}>
        <thead><tr><th scope="col">{title.slice(1)}</th><th scope="col">评价数</th><th scope="col">满意率</th><th scope="col">差评</th></tr></thead>
        <tbody>{rows.map((row) => <tr key={row.key}><td>{label(row)}</td><td class="num">{row.rated}</td><td class="num">{percent(row.satisfactionRate)}</td><td class="num">{row.bad}</td></tr>)}</tbody>
      </table>
    </section>
  );
}

render(<Ratings />, document.getElementById('app')!);
