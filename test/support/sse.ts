import type * as http from 'node:http';

/** One server-sent event's fields (`id`, `event`, `data`), as the stream spelled them. */
export type ServerSentEvent = Readonly<Record<string, string | undefined>>;

/** Calls `onEvent` for each complete event of a `text/event-stream` response, comment lines left out. */
export function onServerSentEvents(response: http.IncomingMessage, onEvent: (event: ServerSentEvent) => void): void {
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      onEvent(Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':'))
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])));
    }
  });
}
