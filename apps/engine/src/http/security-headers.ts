import type { FastifyInstance } from 'fastify';

/**
 * The pages run the engine's own scripts and styles only: nothing inline, nothing from elsewhere
 * (ECharts sets style attributes, hence 'unsafe-inline' for styles alone). Swagger UI at /docs
 * keeps its own defaults.
 */
const PAGE_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every answer: no content-type sniffing, no framing (the pages are never embedded;
 * clickjacking a clerk's dashboard is the risk), no referrer; the pages also get their CSP.
 * Four static headers do not need a library.
 */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !request.url.startsWith('/docs')) void reply.header('content-security-policy', PAGE_POLICY);
    return payload;
  });
}
