import { createHash, randomBytes } from 'node:crypto';
import { secretsEqual } from '../../engine/auth';

/**
 * Who may drive the browser bridge. `npm run serve` prints a launch link; opening it exchanges the launch
 * token for a bridge session whose id travels in an HttpOnly, SameSite=Strict cookie. Every /bridge/* call
 * and the event stream need that cookie; without it only the static files load.
 *
 * A session has a kind. `till` is the full contract (the cashier's screen). Other kinds (a read-only
 * customer display paired to a till) are added to SESSION_KINDS with the methods and events they may use
 * and opened with `open(kind, scope)`.
 */

export const BRIDGE_COOKIE = 'paydesk_bridge';

export interface SessionKindRules {
  /** Contract methods this kind may call; `'all'` for the till. */
  methods: 'all' | readonly string[];
  /** Pushed events this kind receives; `'all'` for the till. */
  events: 'all' | readonly string[];
}

export const SESSION_KINDS = {
  till: { methods: 'all', events: 'all' },
  // A customer display paired to one till (scope = that till). It calls no contract method and gets no
  // bridge event: it reads its till's display feed under /display/* (main/display/routes.ts), nothing else.
  display: { methods: [], events: [] },
} satisfies Record<string, SessionKindRules>;

export type BridgeSessionKind = keyof typeof SESSION_KINDS;

export interface BridgeSession {
  id: string;
  kind: BridgeSessionKind;
  /** What the session is limited to (a display's till); undefined for a till session. */
  scope?: string;
  createdAt: number;
}

export interface BridgeSessions {
  readonly launchToken: string;
  /** A valid launch token opens a new till session; anything else opens nothing. */
  launch(token: string | undefined): BridgeSession | undefined;
  /** Opens a session of another kind (called by the pairing flow of that kind). */
  open(kind: BridgeSessionKind, scope?: string): BridgeSession;
  /** The session named by the request's Cookie header, if any. */
  fromCookieHeader(cookieHeader: string | undefined): BridgeSession | undefined;
  /** The session with this id (a display's own cookie names it). */
  get(id: string): BridgeSession | undefined;
  close(id: string): void;
  /** A short, non-secret name for the session (what a manager sees in the failed sign-in list). */
  sourceName(session: BridgeSession): string;
  mayCall(session: BridgeSession, method: string): boolean;
  mayReceive(session: BridgeSession, event: string): boolean;
}

/** Sessions live as long as the process; the oldest go first past this many (each launch opens one). */
const MAX_SESSIONS = 500;

export function createBridgeSessions(launchToken: string, now: () => number = Date.now): BridgeSessions {
  const sessions = new Map<string, BridgeSession>();

  function open(kind: BridgeSessionKind, scope?: string): BridgeSession {
    const session: BridgeSession = { id: randomBytes(32).toString('base64url'), kind, createdAt: now(), ...(scope ? { scope } : {}) };
    sessions.set(session.id, session);
    while (sessions.size > MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest === undefined) break;
      sessions.delete(oldest);
    }
    return session;
  }

  const allowed = (rule: 'all' | readonly string[], name: string) => rule === 'all' || rule.includes(name);

  return {
    launchToken,
    launch(token) {
      if (!token || !secretsEqual(token, launchToken)) return undefined;
      return open('till');
    },
    open,
    fromCookieHeader(header) {
      const id = readCookie(header, BRIDGE_COOKIE);
      return id ? sessions.get(id) : undefined;
    },
    get: (id) => sessions.get(id),
    close(id) {
      sessions.delete(id);
    },
    sourceName: (session) => `${session.kind} tab ${createHash('sha256').update(session.id).digest('hex').slice(0, 8)}`,
    mayCall: (session, method) => allowed(SESSION_KINDS[session.kind].methods, method),
    mayReceive: (session, event) => allowed(SESSION_KINDS[session.kind].events, event),
  };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export function sessionCookie(session: BridgeSession): string {
  return `${BRIDGE_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Strict`;
}

export function newLaunchToken(): string {
  return randomBytes(24).toString('base64url');
}
