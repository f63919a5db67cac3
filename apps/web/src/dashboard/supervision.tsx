import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../shared/api';
import { shanghaiDateTime } from '../shared/format';
import { FEED_EVENT, NOTICE_STATUS } from '../shared/labels';
import type { Scope } from './scope';

interface OverdueCase { caseNo: string; departmentId: string; windowId: string | null; acceptedDate: string; dueDate: string; dueAt: string }
interface CardCounts { departmentId: string; yellow: number; red: number }
interface Notice { noticeNo: string; caseNo: string; departmentId: string; status: string; openedAt: string; replyBy: string; replyOverdue: boolean; returns: number }

export interface FeedItem { position: number; type: string; subject: string; occurredAt: string }

interface Supervised {
  overdue: OverdueCase[];
  warned: OverdueCase[];
  cards: CardCounts[];
  notices: Notice[];
}

/** Overdue cases with their red cards, cards per department, notices: reloaded whenever `version` moves. */
export function Supervision(props: { scope: Scope; token: string; from: string; to: string; version: number; names: ReadonlyMap<string, string>; feed: readonly FeedItem[] }) {
  const { scope, token, from, to, version, names, feed } = props;
  const [data, setData] = useState<Supervised | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    const department = scope.departmentId;
    const notices = department ? `/api/supervision/notices?departmentId=${encodeURIComponent(department)}` : '/api/supervision/notices';
    Promise.all([
      apiGet<OverdueCase[]>('/api/supervision/overdue', token),
      apiGet<OverdueCase[]>('/api/supervision/warned', token),
      apiGet<{ departments: CardCounts[] }>(`/api/supervision/cards?from=${from}&to=${to}`, token),
      apiGet<Notice[]>(notices, token),
    ]).then(([overdue, warned, cards, noticeRows]) => {
      if (stale) return;
      // A department head sees their own department; the API answers the center's oversight roles in full.
      const mine = <T extends { departmentId: string }>(rows: T[]) => (department ? rows.filter((r) => r.departmentId === department) : rows);
      setData({ overdue: mine(overdue), warned: mine(warned), cards: mine(cards.departments), notices: noticeRows });
      setError(null);
    }, (e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [scope, token, from, to, version]);

  const name = (id: string) => names.get(id) ?? id;
  return (
    <>
      <section aria-labelledby="overdue-title" class="panel">
        <h2 id="overdue-title">超期（红牌）与预警（黄牌）办件</h2>
        {error && <p class="error" role="alert">{error}</p>}
        {data && (data.overdue.length + data.warned.length === 0 ? <p data-testid="no-overdue">目前没有超期或预警办件。</p> : (
          <table data-testid="overdue">
            <thead><tr><th scope="col">牌</th><th scope="col">办件编号</th><th scope="col">部门</th><th scope="col">受理日期</th><th scope="col">到期日</th></tr></thead>
            <tbody>
              {data.overdue.map((c) => (
                <tr key={c.caseNo} data-case={c.caseNo}>
                  <td><span class="badge red">红牌</span></td>
                  <td>{c.caseNo}</td>
                  <td>{name(c.departmentId)}</td>
                  <td>{c.acceptedDate}</td>
                  <td>{c.dueDate}</td>
                </tr>
              ))}
              {data.warned.map((c) => (
                <tr key={c.caseNo} data-case={c.caseNo} data-card="yellow">
                  <td><span class="badge yellow">黄牌</span></td>
                  <td>{c.caseNo}</td>
                  <td>{name(c.departmentId)}</td>
                  <td>{c.acceptedDate}</td>
                  <td>{c.dueDate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>

      <section aria-labelledby="cards-title" class="panel">
        <h2 id="cards-title">本期黄牌预警与红牌（按部门）</h2>
        {data && (data.cards.length === 0 ? <p>本期没有黄牌或红牌。</p> : (
          <table data-testid="cards">
            <thead><tr><th scope="col">部门</th><th scope="col" class="num">黄牌</th><th scope="col" class="num">红牌</th></tr></thead>
            <tbody>
              {data.cards.map((c) => (
                <tr key={c.departmentId}><th scope="row">{name(c.departmentId)}</th>
                  <td class="num"><span class="badge yellow">{c.yellow}</span></td><td class="num"><span class="badge red">{c.red}</span></td></tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>

      <section aria-labelledby="notices-title" class="panel">
        <h2 id="notices-title">督办单</h2>
        {data && (data.notices.length === 0 ? <p>没有督办单。</p> : (
          <table data-testid="notices">
            <thead><tr><th scope="col">督办单号</th><th scope="col">部门</th><th scope="col">状态</th><th scope="col">下发时间</th><th scope="col">回复期限</th><th scope="col" class="num">退回次数</th></tr></thead>
            <tbody>
              {data.notices.map((n) => (
                <tr key={n.noticeNo} data-notice={n.noticeNo}>
                  <td>{n.noticeNo}</td>
                  <td>{name(n.departmentId)}</td>
                  <td>{NOTICE_STATUS[n.status] ?? n.status} {n.replyOverdue && <span class="badge red">逾期未回复</span>}</td>
                  <td>{shanghaiDateTime(n.openedAt)}</td>
                  <td>{shanghaiDateTime(n.replyBy)}</td>
                  <td class="num">{n.returns}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>

      <section aria-labelledby="feed-title" class="panel">
        <h2 id="feed-title">预警、超期与督办动态（最近 50 条，实时）</h2>
        {!scope.liveFeed ? <p>每 30 秒刷新一次。</p> : feed.length === 0 ? <p>暂无预警、超期或督办。</p> : (
          <ul class="feed" aria-live="polite" data-testid="feed">
            {feed.map((item) => (
              <li key={item.position}>
                <span class={`badge ${item.type === 'CaseWarned' ? 'yellow' : item.type === 'CaseOverdue' ? 'red' : 'grey'}`}>{FEED_EVENT[item.type] ?? item.type}</span>{' '}
                {item.subject} · {shanghaiDateTime(item.occurredAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
