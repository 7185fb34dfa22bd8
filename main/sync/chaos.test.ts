import { describe, expect, it } from 'vitest';
import { runChaos } from '../testing/chaos';

// npm test runs the full size (300 lifecycles, 20 kills); `npm run chaos` runs twice that.
const full = process.env.PAYDESK_CHAOS_FULL === '1';
const size = full ? { lifecycles: 600, kills: 40, concurrency: 16 } : { lifecycles: 300, kills: 20, concurrency: 16 };

describe('crash and fault proof', () => {
  it(
    `${size.lifecycles} lifecycles with faults and ${size.kills} SIGKILLs: every money effect exactly once`,
    async () => {
      const report = await runChaos({ ...size, log: (l) => console.log(`[chaos] ${l}`) });
      console.log(`[chaos] report ${JSON.stringify(report, null, 2)}`);
      expect(report.kills).toBeGreaterThanOrEqual(size.kills);
      expect(report.approved).toBeGreaterThan(size.lifecycles / 2);
      expect(report.server_errors).toEqual([]);
      expect(report.mismatched_answers).toEqual([]);
      expect(report.double_submits).toBeGreaterThan(0);
      expect(report.partial_captures).toBeGreaterThan(0);
      expect(report.kwd_sales).toBeGreaterThan(0);
      expect(report.lost_creates).toBeGreaterThan(0);
      expect(report.captured_paylinks).toBe(report.approved);
      expect(report.duplicate_captures).toEqual([]);
      expect(report.sandbox_captures).toBeGreaterThanOrEqual(report.captured_paylinks);
      expect(report.duplicate_refunds).toEqual([]);
      expect(report.sandbox_refunds).toBe(report.refunded_paylinks);
      expect(report.missing_backoffice).toEqual([]);
      expect(report.duplicate_backoffice).toEqual([]);
      expect(report.backoffice_refunds).toBe(report.refunded_paylinks);
      expect(report.orphan_sessions).toEqual([]);
      expect(report.stuck_unknown).toBe(0);
      expect(report.pending_commands).toBe(0);
      expect(report.outbox_pending).toBe(0);
      expect(report.dead_letters).toBe(0);
    },
    full ? 900_000 : 290_000,
  );
});
