// Types for scripts/pg-test-server.mjs (imported by the store-database tests and the bench).
export interface PostgresCluster {
  url: string;
  port: number;
  dataDir: string;
  running(): boolean;
  start(): void;
  stop(): void;
  destroy(): void;
  createDatabase(name: string): Promise<string>;
}
export class PostgresMissingError extends Error {}
export function findPostgresBin(): string | undefined;
export function startPostgresCluster(opts?: { dir?: string; port?: number; fast?: boolean }): Promise<PostgresCluster>;
export function sharedTestPostgres(): Promise<PostgresCluster>;
