/** The engine's API as the pages call it: JSON in and out, errors with the engine's stable codes. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (json ?? {}) as { code?: string; message?: string | string[] };
    const message = Array.isArray(error.message) ? error.message.join('; ') : error.message;
    throw new ApiError(response.status, error.code ?? `HTTP.${response.status}`, message ?? response.statusText);
  }
  return json as T;
}

export const apiGet = <T>(path: string, token: string | null = null) => call<T>('GET', path, token);
export const apiPost = <T>(path: string, body: unknown, token: string | null = null) => call<T>('POST', path, token, body);

/** The claims of a token, read (not verified: the engine verifies) to show who is signed in. */
export function claimsOf(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}
