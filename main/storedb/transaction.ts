import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one store-database transaction on a pooled client: committed when it resolves, rolled
 * back when it throws. A client whose transaction failed is released as broken, so the pool drops it.
 */
export async function inStoreTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    failed = err as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release(failed);
  }
}
