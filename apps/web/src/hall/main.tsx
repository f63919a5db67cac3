import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../shared/api';
import { chineseDate, percent, shanghaiTime } from '../shared/format';
import { decisionWords } from '../shared/decision-words';
import '../shared/base.css';
import './hall.css';
import type { HallBoard, HallCall } from '../../../../libs/projections/src/hall/hall.types';
import { announce, QueueCalls } from './calls';

type Link = 'connecting' | 'live' | 'lost';

/** The board, first from GET /api/hall/today, then from every message of the stream. */
function useBoard(): { board: HallBoard | null; link: Link; latestCall: HallCall | null } {
  const [board, setBoard] = useState<HallBoard | null>(null);
  const [latestCall, setLatestCall] = useState<HallCall | null>(null);
  const [link, setLink] = useState<Link>('connecting');
  useEffect(() => {
    apiGet<HallBoard>('/api/hall/today').then(setBoard, () => setLink('lost'));
    // EventSource reconnects by itself after a drop; each message is the whole board.
    const source = new EventSource('/api/hall/stream');
    source.addEventListener('board', (event) => {
      setBoard(JSON.parse((event as MessageEvent<string>).data) as HallBoard);
      setLink('live');
    });
    source.addEventListener('call', (event) => {
      const call = JSON.parse((event as MessageEvent<string>).data) as HallCall;
      setLatestCall(call);
      announce(call);
    });
    source.onerror = () => setLink('lost');
    return () => source.close();
  }, []);
  return { board, link, latestCall };
}

function useClock(): Date {
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function Tile({ id, label, value, note }: { id: string; label: string; value: string; note?: string }) {
  return (
    <div class="tile" data-testid={`tile-${id}`}>
      <div class="tile-label">{label}</div>
      <div class="tile-value" data-testid={`figure-${id}`}>{value}</div>
      {note && <div class="tile-note">{note}</div>}
    </div>
  );
}

function Hall() {
  const { board, link, latestCall } = useBoard();
  const now = useClock();
  return (
    <div class="hall">
      <header>
        <h1>县政务服务中心 · 办件实时公示</h1>
        <div class="now">
          {board && <span>{chineseDate(board.date)}</span>} <span>{shanghaiTime(now.toISOString())}</span>
          <span class={`link ${link}`} role="status" data-testid="link">
            {link === 'live' ? '● 实时更新' : link === 'lost' ? '● 连接中断，正在重连' : '● 连接中'}
          </span>
        </div>
      </header>
      {!board ? <p class="loading">正在载入……</p> : (
        <main>
          <section class="tiles" aria-label="今日全中心">
            <Tile id="received" label="今日受理" value={String(board.center.received)} />
            <Tile id="completed" label="今日办结" value={String(board.center.completedToday)} />
            <Tile id="pending" label="在办件" value={String(board.center.pending)} />
            <Tile id="completion-rate" label="今日受理件办结率" value={percent(board.center.completionRate)} />
            <Tile id="immediate-share" label="即办件占比" value={percent(board.center.immediateShare)} />
          </section>
          <QueueCalls queue={board.queue} latest={latestCall ?? board.queue.calls[0] ?? null} />
          <div class="columns">
            <section aria-labelledby="windows-title">
              <h2 id="windows-title">各窗口今日办件</h2>
              <table data-testid="places">
                <thead>
                  <tr><th scope="col">窗口</th><th scope="col">部门</th><th scope="col" class="num">今日受理</th><th scope="col" class="num">今日办结</th><th scope="col" class="num">在办</th></tr>
                </thead>
                <tbody>
                  {board.places.map((place) => (
                    <tr key={`${place.kind}:${place.id}`} data-place={place.id}>
                      <th scope="row">{place.name}</th>
                      <td>{place.departmentName ?? '—'}</td>
                      <td class="num" data-col="received">{place.receivedToday}</td>
                      <td class="num" data-col="completed">{place.completedToday}</td>
                      <td class="num" data-col="pending">{place.pending}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="latest-title">
              <h2 id="latest-title">最新办结</h2>
              {board.latestCompleted.length === 0 ? <p class="empty">今日暂无办结件</p> : (
                <ol class="latest" data-testid="latest">
                  {board.latestCompleted.map((done) => (
                    <li key={done.caseNo} data-case={done.caseNo}>
                      <span class="time">{shanghaiTime(done.completedAt)}</span>
                      <span class="applicant">{done.applicant}</span>
                      <span class="item">{done.itemName}</span>
                      <span class={`outcome ${done.outcome}`}>{decisionWords(done.itemName, done.outcome)}</span>
                      <span class="where">{done.place} · {done.caseNo}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
          <footer>申请人姓名已作隐私处理 · 办件查询请到触摸屏或访问 /lookup/ · 监督投诉请到纪检监察窗口</footer>
        </main>
      )}
    </div>
  );
}

render(<Hall />, document.getElementById('app')!);
