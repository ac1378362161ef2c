/**
 * A tiny HTTP client for tests: an Agent is one "browser" with its own cookie jar, that
 * sends `Origin: <server url>` by default (set `origin: null` to send none).
 *
 * @example
 * const ada = new Agent(server.url);
 * const user = await signup(ada, { email: 'ada@example.com', name: 'Ada', password: 'correct horse' });
 * const res = await ada.get<{ user: { id: string } }>('/api/auth/me');
 * expect(res.status).toBe(200);
 */

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else undefined. */
  body: T;
  text: string;
  /** Raw Set-Cookie headers of this response. */
  setCookies: string[];
}

export interface RequestOptions {
  /** JSON body (serialised, Content-Type set). */
  json?: unknown;
  /** A raw body, sent as is (set Content-Type yourself). */
  body?: string;
  headers?: Record<string, string>;
  /** Sends `Authorization: Bearer <token>`. */
  bearer?: string;
  /** Overrides the agent's Origin for this request; null sends none. */
  origin?: string | null;
  /** Do not send the jar's cookies with this request. */
  noCookies?: boolean;
}

export interface PublicUserBody {
  id: string;
  email: string;
  name: string;
}

export class Agent {
  /** Cookie name → value (path/domain ignored: one server per agent). */
  readonly cookies = new Map<string, string>();
  origin: string | null;

  constructor(
    readonly baseUrl: string,
    options: { origin?: string | null } = {},
  ) {
    this.origin = options.origin === undefined ? baseUrl : options.origin;
  }

  /** The `Cookie` header value for this agent (for WebSocket / Socket.IO clients). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (origin !== null) headers.origin = origin;
    if (!options.noCookies && this.cookies.size > 0) headers.cookie = this.cookieHeader();
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    Object.assign(headers, options.headers);
    const res = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    this.absorb(setCookies);
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
    return { status: res.status, headers: res.headers, body: (isJson && text ? JSON.parse(text) : undefined) as T, text, setCookies };
  }

  get<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { ...options, json });
  }
  patch<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, { ...options, json });
  }
  put<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, { ...options, json });
  }
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  private absorb(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [k = '', v = ''] = a.split('=').map((s) => s.trim());
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Creates an agent for `baseUrl` (Origin defaults to baseUrl). */
export function createAgent(baseUrl: string, options?: { origin?: string | null }): Agent {
  return new Agent(baseUrl, options);
}

/** Signs up through the API (the agent keeps the session cookie); throws unless 201. */
export async function signup(agent: Agent, input: { email: string; name: string; password: string }): Promise<PublicUserBody> {
  const res = await agent.post<{ user: PublicUserBody }>('/api/auth/signup', input);
  if (res.status !== 201) throw new Error(`signup ${input.email}: ${res.status} ${res.text}`);
  return res.body.user;
}

/** Logs in through the API; throws unless 200. */
export async function login(agent: Agent, input: { email: string; password: string }): Promise<PublicUserBody> {
  const res = await agent.post<{ user: PublicUserBody }>('/api/auth/login', input);
  if (res.status !== 200) throw new Error(`login ${input.email}: ${res.status} ${res.text}`);
  return res.body.user;
}

/** Creates an API token for the agent's user; returns the secret. */
export async function createToken(agent: Agent, name = 'test'): Promise<string> {
  const res = await agent.post<{ token: string }>('/api/tokens', { name });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${res.text}`);
  return res.body.token;
}
