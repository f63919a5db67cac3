import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny `GET /health` for a consumer process: 200 with the report, 503 when it says so; and,
 * when `metrics` is given, `GET /metrics` in Prometheus' text format.
 */
export async function startHealthServer(
  host: string,
  port: number,
  report: () => Promise<{ readonly status: 'ok' | 'degraded' }>,
  metrics?: { readonly contentType: string; render(): Promise<string> },
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (metrics && request.method === 'GET' && request.url === '/metrics') {
      metrics.render().then(
        (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
      return;
    }
    if (request.method !== 'GET' || request.url !== '/health') {
      response.writeHead(404).end();
      return;
    }
    report().then(
      (body) => response.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'degraded', error: String(error) })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
