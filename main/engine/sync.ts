import type { OutboxItemView, SyncStatusView } from '../../shared/views';
import type { Db } from '../store/db';
import { discardItem, listOutbox, outboxStats, releaseBackedOffItems, retryDeadItem, type OutboxItem, type OutboxStatus } from '../store/outbox';
import { countPendingMoneyCommands, listUnreachableProviders } from '../store/moneyCommands';
import { appendPaylinkEvent } from '../store/paylinks';
import { getSetting, putSetting } from '../store/settings';
import { BACKOFFICE_TOPICS, backofficeHandlers, createBackofficeClient, type BackofficeClient } from '../sync/backofficeClient';
import { createOutboxWorker, type OutboxHandler, type OutboxWorker } from '../sync/outboxWorker';
import type { Logger } from '../log';
import type { StorageState } from '../store/storageHealth';
import type { EventBus } from './events';
import type { SecretBox } from './secrets';

export interface BackofficeSettings {
  base_url: string;
  organization_id: string;
}

export interface SyncDeps {
  db: Db;
  secrets: SecretBox;
  now: () => number;
  events: EventBus;
  log: Logger;
  /** Whether the data folder takes writes (shown beside the queue in the header). */
  storage?: () => StorageState;
  /** Resolves the stored base URL (demo mode stores a sandbox:// placeholder). */
  resolveBackofficeUrl: (stored: string) => string;
  workerOptions?: { baseDelayMs?: number; maxDelayMs?: number; concurrency?: number };
}

export function saveBackofficeSettings(db: Db, secrets: SecretBox, settings: BackofficeSettings & { api_key: string }): void {
  putSetting(db, 'backoffice', JSON.stringify({ base_url: settings.base_url, organization_id: settings.organization_id, api_key_enc: secrets.seal(settings.api_key) }));
}


function toItemView(item: OutboxItem): OutboxItemView {
  return {
    id: item.id,
    topic: item.topic,
    order_key: item.orderKey,
    status: item.status,
    attempts: item.attempts,
    last_error: item.lastError,
    discard_reason: item.discardReason,
    created_at: new Date(item.createdAt).toISOString(),
    next_attempt_at: new Date(item.nextAttemptAt).toISOString(),
  };
}

/** The sync queue: the outbox worker feeding the back office, plus what the UI shows about it. */
export function createSyncService(deps: SyncDeps) {
  const { db, now } = deps;
  let worker: OutboxWorker | undefined;
  let client: BackofficeClient | undefined;
  let lastOkAt = 0;
  let lastFailAt = 0;

  function status(): SyncStatusView {
    const s = outboxStats(db, now());
    // Provider commands waiting for a reachable provider (capture pending…) are part of what is not yet done.
    const pending = s.pending + countPendingMoneyCommands(db);
    return {
      online: lastFailAt <= lastOkAt,
      pending,
      dead: s.dead,
      oldest_pending_age_ms: s.pending ? s.oldestPendingAgeMs : pending ? 0 : null,
      last_error: s.lastError,
      providers_unreachable: listUnreachableProviders(db),
      storage: deps.storage?.() ?? 'ok',
    };
  }

  function track(handler: OutboxHandler, onDelivered?: (item: OutboxItem) => void): OutboxHandler {
    return async (item) => {
      try {
        await handler(item);
        const wasOffline = lastFailAt > lastOkAt;
        lastOkAt = now();
        // The back office answers again: what waited out a backoff during the outage goes now, not in a minute.
        if (wasOffline) {
          releaseBackedOffItems(db, now());
          setTimeout(() => worker?.kick(), 0);
        }
        onDelivered?.(item);
      } catch (err) {
        lastFailAt = now();
        throw err;
      }
    };
  }

  function start(): boolean {
    const stored = getSetting(db, 'backoffice');
    if (!stored || worker) return Boolean(worker);
    const cfg = JSON.parse(stored) as BackofficeSettings & { api_key_enc: string };
    client = createBackofficeClient({ baseUrl: deps.resolveBackofficeUrl(cfg.base_url), apiKey: deps.secrets.open(cfg.api_key_enc), organizationId: cfg.organization_id });
    const raw = backofficeHandlers(client);
    const handlers: Record<string, OutboxHandler> = {};
    for (const [topic, handler] of Object.entries(raw)) {
      handlers[topic] = track(handler, topic === BACKOFFICE_TOPICS.confirm ? markSynced : undefined);
    }
    worker = createOutboxWorker({
      db,
      handlers,
      now,
      // A back office that is down keeps its items pending however long it takes (retried at least every
      // few minutes); only a refusal (4xx) is dead-lettered.
      ...deps.workerOptions,
      onChange: () => deps.events.emit('sync.changed', status()),
      onError: (err) => deps.log.error({ err }, 'sync queue drain failed; it is tried again shortly'),
    });
    worker.start();
    return true;
  }

  /** The paylink's timeline shows when its payment reached the back office. */
  function markSynced(item: OutboxItem): void {
    const payload = item.payload as { id?: string; attrs?: { paylink_id?: string } };
    const paylinkId = payload.attrs?.paylink_id;
    if (!paylinkId) return;
    try {
      appendPaylinkEvent(db, { paylink_id: paylinkId, type: 'synced', at: now(), actor: 'system', data: { backoffice_payment_id: payload.id ?? null } });
    } catch {
      // The timeline entry is informative; the delivery itself already succeeded.
    }
  }

  return {
    start,
    async stop() {
      await worker?.stop();
      worker = undefined;
      client?.close();
      client = undefined;
    },
    kick: () => worker?.kick(),
    drainOnce: () => worker?.drainOnce() ?? Promise.resolve(0),
    status,
    list: (filter: { status?: OutboxStatus | undefined; limit?: number | undefined }) =>
      listOutbox(db, { ...(filter.status ? { status: filter.status } : {}), limit: filter.limit ?? 100 }).map(toItemView),
    retry(id: string) {
      retryDeadItem(db, id, now());
      worker?.kick();
      deps.events.emit('sync.changed', status());
    },
    discard(id: string, reason: string) {
      discardItem(db, id, reason, now());
      deps.events.emit('sync.changed', status());
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
