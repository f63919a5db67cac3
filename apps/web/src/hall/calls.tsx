import type { HallBoard, HallCall } from '../../../../libs/projections/src/hall/hall.types';
import { shanghaiTime } from '../shared/format';
import { callWords } from '../shared/queue';

/**
 * Says a call aloud with the browser's speech synthesis, in a Chinese voice where the
 * machine has one (the hall screen's browser decides which voices exist), twice as halls do.
 */
export function announce(call: HallCall, synth: SpeechSynthesis | undefined = globalThis.speechSynthesis): void {
  if (!synth) return;
  const words = callWords(call.ticketNo, call.windowName);
  const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith('zh')) ?? null;
  for (let i = 0; i < 2; i += 1) {
    const utterance = new SpeechSynthesisUtterance(words);
    utterance.lang = 'zh-CN';
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9;
    synth.speak(utterance);
  }
}

/** The numbers being called (叫号) and who waits in each queue. */
export function QueueCalls({ queue, latest }: { queue: HallBoard['queue']; latest: HallCall | null }) {
  if (queue.queues.length === 0) return null;
  return (
    <section aria-labelledby="calls-title" class="calls">
      <h2 id="calls-title">叫号</h2>
      {latest && (
        <p class="calling" role="status" aria-live="assertive" data-testid="calling">
          请 <strong>{latest.ticketNo}</strong> 号到 <strong>{latest.windowName}</strong> 办理
        </p>
      )}
      <div class="calls-columns">
        <table data-testid="calls">
          <thead><tr><th scope="col">号码</th><th scope="col">窗口</th><th scope="col">叫号时间</th></tr></thead>
          <tbody>
            {queue.calls.length === 0
              ? <tr><td colSpan={3} class="empty">今日尚未叫号</td></tr>
              : queue.calls.map((call) => (
                <tr key={call.ticketId} data-ticket={call.ticketNo}>
                  <th scope="row" class="ticket-no">{call.ticketNo}</th><td>{call.windowName}</td><td>{shanghaiTime(call.calledAt)}</td>
                </tr>
              ))}
          </tbody>
        </table>
        <table data-testid="queues">
          <thead><tr><th scope="col">队列</th><th scope="col" class="num">等候人数</th></tr></thead>
          <tbody>
            {queue.queues.map((q) => (
              <tr key={q.queueId} data-queue={q.queueId}><th scope="row">{q.prefix} · {q.name}</th><td class="num" data-col="waiting">{q.waiting}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
