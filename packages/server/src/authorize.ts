/**
 * The `authorize` option: the app's own check of who is calling, run before the proxy forwards
 * anything, reads the body, or answers from its allow-lists (a 403 naming the allowed models is
 * information too). The user it names is what limits and budgets count against.
 */

/** Who a request is from: an id, or an object with an `id` (a session's user, a JWT's claims). */
export type ProxyUser = string | { readonly id: string | number };

/** What `authorize` returns: the user to let through, or a response to send instead (a 401, a redirect). */
export type AuthorizeResult = { readonly user: ProxyUser } | Response;

/**
 * Decides whether a request may use the proxy, and on whose behalf. Return `{ user }` to let it
 * through, or a `Response` (such as a 401) that the client receives as it is (with CORS headers
 * added when `cors` is on). It sees the method, URL and headers; it must not read the body, which
 * is still to be forwarded. If it throws, the client gets a 500 with a generic message: the
 * exception is not sent, as it could quote a database error or a secret; catch and log it
 * yourself if you want it.
 * @example
 * // Cookie session (any session store; here a Map from session id to user)
 * createInferenceProxy({
 *   accessToken: process.env.HF_TOKEN,
 *   authorize: async (request) => {
 *     const sid = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
 *     const session = sid ? await sessions.get(sid) : undefined;
 *     return session ? { user: session.userId } : new Response('Sign in first', { status: 401 });
 *   },
 *   limits: { completionTokens: { limit: 50_000, windowSeconds: 86_400 } },
 * });
 * @example
 * // Bearer JWT, verified with the `jose` library (any JWT library works the same way)
 * import { createRemoteJWKSet, jwtVerify } from 'jose';
 * const jwks = createRemoteJWKSet(new URL('https://auth.example.com/.well-known/jwks.json'));
 * createInferenceProxy({
 *   accessToken: process.env.HF_TOKEN,
 *   authorize: async (request) => {
 *     const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
 *     if (!token) return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
 *     try {
 *       const { payload } = await jwtVerify(token, jwks, { issuer: 'https://auth.example.com', audience: 'inference' });
 *       return { user: payload.sub! };
 *     } catch {
 *       return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
 *     }
 *   },
 * });
 */
export type Authorize = (request: Request) => AuthorizeResult | Promise<AuthorizeResult>;

/** The outcome of running `authorize`: a user id, the app's own response, or why it failed. */
export type Authorization =
  { kind: 'user'; id: string } | { kind: 'respond'; response: Response } | { kind: 'error'; message: string };

/** Runs `authorize`, turning whatever it does (returns, throws, misreturns) into an {@link Authorization}. */
export async function runAuthorize(authorize: Authorize, request: Request): Promise<Authorization> {
  let result: unknown;
  try {
    result = await authorize(request);
  } catch {
    return { kind: 'error', message: 'The proxy could not check who is calling: its `authorize` option failed.' };
  }
  if (request.bodyUsed) {
    return {
      kind: 'error',
      message: 'The proxy cannot forward this request: its `authorize` option read the request body.',
    };
  }
  if (result instanceof Response) {
    // A copy, so headers can be added even when the app returned a response with immutable ones.
    return { kind: 'respond', response: new Response(result.body, result) };
  }
  const user = result && typeof result === 'object' ? (result as { user?: unknown }).user : undefined;
  const id = typeof user === 'object' && user !== null ? (user as { id?: unknown }).id : user;
  if ((typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id))) {
    return { kind: 'user', id: String(id) };
  }
  // Letting a request through without a user would make a forgotten `return` grant access.
  return {
    kind: 'error',
    message: 'The proxy could not check who is calling: `authorize` must return { user } or a Response.',
  };
}
