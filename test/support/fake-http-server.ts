import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: any;
}

/** What the fake answers a request with: a status and a JSON body. */
export type FakeAnswer = { readonly status: number; readonly body: unknown };

/**
 * A provider's HTTP endpoint on 127.0.0.1 for a test (an SMS gateway, WeChat's API): it records
 * every request and answers each as `answer` says, so a test checks what was really sent.
 */
export class FakeHttpServer {
  readonly received: ReceivedRequest[] = [];
  private constructor(private readonly server: http.Server, public answer: (request: ReceivedRequest) => FakeAnswer) {}

  static async start(answer: (request: ReceivedRequest) => FakeAnswer): Promise<FakeHttpServer> {
    let fake: FakeHttpServer | undefined;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const received = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : undefined };
        fake?.received.push(received);
        const { status, body } = (fake as FakeHttpServer).answer(received);
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeHttpServer(server, answer);
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
