/** An answer of the JSON API other than 2xx. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(`messaging API answered ${status}`);
  }
}

interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Calls the JSON API under the mount; same-origin credentials, JSON both ways. */
export type Request = <T>(path: string, init?: RequestInit) => Promise<T>;

/**
 * The mount, from `<meta name="messaging-base">`, else from the script's own URL
 * (`<mount>/assets/messaging.js`); null where neither tells it.
 */
export function findBase(script: HTMLOrSVGScriptElement | null): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="messaging-base"]');
  if (meta?.content) return meta.content.replace(/\/+$/, '');
  if (script instanceof HTMLScriptElement && script.src) {
    const path = new URL(script.src, window.location.href).pathname;
    const at = path.lastIndexOf('/assets/');
    if (at >= 0) return path.slice(0, at);
  }
  return null;
}

export function createRequest(base: string): Request {
  return async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(base + path, { ...init, credentials: 'same-origin', headers: { ...init.headers, Accept: 'application/json' } });
    if (!res.ok) throw new ApiError(res.status);
    return (await res.json()) as T;
  };
}

/** `/api/threads/:id` path of a thread. */
export const threadPath = (threadId: string): string => `/api/threads/${encodeURIComponent(threadId)}`;
