import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Where the built pages (apps/web, `npm run build` → dist/web) are: WEB_DIR, else dist/web
 * whether the engine runs from dist/ or from its sources (tests).
 */
export function pagesDirectory(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.WEB_DIR
    ? [path.resolve(env.WEB_DIR)]
    : [path.resolve(__dirname, '../../../../web'), path.resolve(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the hall display, the supervisors' dashboard and the citizen lookup at `/`, beside
 * the API. Only the files of the build become routes (no wildcard), so every other path
 * answers as before. Hashed assets are cached for good; the pages are revalidated.
 */
export function servePages(app: NestFastifyApplication, root: string | null = pagesDirectory()): void {
  if (!root) {
    new Logger('pages').warn('no built pages (run `npm run build`, or set WEB_DIR): / serves nothing');
    return;
  }
  app.useStaticAssets({
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // @fastify/static hands the Fastify reply here (its types still say ServerResponse).
    setHeaders: (reply: unknown, file: string) => {
      (reply as { header(name: string, value: string): void }).header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // `/hall` → `/hall/` (the static plugin's own redirect option trips over the root page).
  const fastify = app.getHttpAdapter().getInstance();
  for (const page of fs.readdirSync(root, { withFileTypes: true })) {
    if (page.isDirectory() && fs.existsSync(path.join(root, page.name, 'index.html'))) {
      fastify.get(`/${page.name}`, (_request, reply) => reply.redirect(`/${page.name}/`, 301));
    }
  }
}
