import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { findProvider, type GatewayProviderId } from '../../shared/providers';
import { GATEWAY_ADAPTERS } from '../providers/gateways';
import type { GatewayWebhookNotice, WebhookRequest } from '../providers/gateways/types';
import { statement, type Db, writeTransaction } from '../store/db';
import { listOrgApps } from '../store/orgApps';
import { recordWebhookReceipt } from '../store/paylinks';
import type { GatewaySync } from './gatewaySync';
import type { LoadedOrgApp, OrgApps } from './orgApps';

// Gateway notifications: verified the gateway's way against each installed app of that gateway,
// deduplicated, and then only a trigger — the payment is read again from the gateway API and that
// answer is stored, never the body.

export interface GatewayWebhookOutcome {
  status: 'applied' | 'duplicate';
  gateway_id?: string;
}

export function createGatewayWebhooks(deps: { db: Db; now: () => number; orgApps: OrgApps; gatewaySync: GatewaySync }) {
  const { db, now } = deps;
  const seen = (gateway: string, key: string) => Boolean(statement(db, `SELECT 1 FROM webhook_receipts WHERE provider = ? AND dedupe_key = ?`).get(gateway, key));

  async function verify(gateway: GatewayProviderId, req: WebhookRequest): Promise<{ app: LoadedOrgApp; notice: GatewayWebhookNotice }> {
    const apps = listOrgApps(db, gateway);
    if (apps.length === 0) throw new AppError('not_found', `No ${findProvider(gateway)?.name ?? gateway} app is installed, so its notifications are not taken.`);
    for (const row of apps) {
      const app = deps.orgApps.load(row.id);
      try {
        return { app, notice: await GATEWAY_ADAPTERS[gateway].verifyWebhook(deps.gatewaySync.contextFor(app), req) };
      } catch (err) {
        // Another installed app of the same gateway may hold the secret that signed it.
        if (!(err instanceof AppError) || err.code !== 'unauthorized') throw err;
      }
    }
    throw new AppError('unauthorized', `The ${findProvider(gateway)?.name ?? gateway} notification could not be verified with any installed app; it was ignored.`);
  }

  async function handleGatewayWebhook(gateway: GatewayProviderId, req: WebhookRequest): Promise<GatewayWebhookOutcome> {
    const { app, notice } = await verify(gateway, req);
    const dedupeKey = notice.dedupeKey || createHash('sha256').update(req.rawBody).digest('hex');
    if (seen(gateway, dedupeKey)) return { status: 'duplicate', gateway_id: notice.paymentId };
    // A failed re-fetch throws before the receipt is written, so the gateway's retry is not taken for a duplicate.
    const payment = await GATEWAY_ADAPTERS[gateway].getPayment(deps.gatewaySync.contextFor(app), notice.paymentId);
    const applied = writeTransaction(db, () => {
      if (!recordWebhookReceipt(db, gateway, dedupeKey, now())) return false;
      deps.gatewaySync.storePayments(app, [payment]);
      return true;
    });
    return { status: applied ? 'applied' : 'duplicate', gateway_id: payment.gatewayId };
  }

  return { handleGatewayWebhook };
}
