import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `vite build` puts the agent workspace: dist/web at the repository root (same path from src/ and dist/). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../../dist/web', import.meta.url));

/**
 * The app's own HTML may run only its bundled scripts and talk only to this server. Images may come from https
 * because customer HTML is shown in an `srcdoc` frame, which inherits this policy: the frame's own policy blocks
 * remote images until the agent consents, and this one keeps plain http (and every other scheme) out even then.
 * Inline styles are allowed for the same frame's base stylesheet; scripts never are.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Servisto: web app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The agent workspace is not built</h1>
<p>This server runs, but its web app bundle (<code>dist/web</code>) is missing. Run <code>npm run build</code>
(<code>npm ci</code> does it for you) and restart Servisto. The API under <code>/api/v1</code> works meanwhile.</p>
</body></html>
`;

/** The built file for a URL path, if there is one: a regular file inside `root` (never outside it, never a directory). */
async function builtFile(root: string, pathname: string): Promise<string | null> {
  const relative = pathname.replace(/^\/+/, '');
  if (relative === '' || relative.includes('\0')) return null;
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return null;
  try {
    return (await stat(full)).isFile() ? path.relative(root, full).split(path.sep).join('/') : null;
  } catch {
    return null;
  }
}

const isApiPath = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/') || pathname === '/healthz' || pathname.startsWith('/healthz/');
const acceptsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * Serves the single-page app at `/`: the built files as they are (hashed assets cached forever, the rest briefly),
 * and index.html for any other GET that asks for HTML (the app's own routes, e.g. /inbox/mine). API paths keep
 * their JSON 404. Without a build, HTML requests get a 503 page that says what to do.
 */
export async function webAppRoutes(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = path.resolve(options.root ?? DEFAULT_WEB_ROOT);
  const index = path.join(root, 'index.html');
  // Checked per request (a stat), so a build made while the server runs is served without a restart.
  await app.register(fastifyStatic, { root, serve: false, decorateReply: true, suppressWarning: !existsSync(root) });

  const sendIndex = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_APP_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .sendFile('index.html', { cacheControl: false });

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(request.url.split('?')[0]!);
    } catch {
      return reply.callNotFound();
    }
    if (isApiPath(pathname)) return reply.callNotFound();
    if (!existsSync(index)) {
      if (!acceptsHtml(request) && pathname !== '/') return reply.callNotFound();
      return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    const file = await builtFile(root, pathname);
    if (file && file !== 'index.html') {
      // Vite names everything under assets/ by content hash: a changed file gets a new name.
      const cache = file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
      return reply.header('cache-control', cache).header('x-content-type-options', 'nosniff').sendFile(file, { cacheControl: false });
    }
    if (pathname === '/' || file === 'index.html' || acceptsHtml(request)) return sendIndex(reply);
    return reply.callNotFound();
  });
}
