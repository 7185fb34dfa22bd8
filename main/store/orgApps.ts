import { statement, type Db } from './db';

export interface OrgAppRow {
  id: string;
  provider: string;
  name: string;
  environment: 'sandbox' | 'live';
  base_url: string;
  settings: string;
  credentials_enc: string;
  created_at: number;
  updated_at: number;
}

export function insertOrgApp(db: Db, row: OrgAppRow): void {
  statement(db, 
    `INSERT INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at)
     VALUES (@id, @provider, @name, @environment, @base_url, @settings, @credentials_enc, @created_at, @updated_at)`,
  ).run(row);
}

export function getOrgApp(db: Db, id: string): OrgAppRow | undefined {
  return statement(db, `SELECT * FROM org_apps WHERE id = ?`).get(id) as OrgAppRow | undefined;
}

export function listOrgApps(db: Db, provider?: string): OrgAppRow[] {
  return (provider
    ? statement(db, `SELECT * FROM org_apps WHERE provider = ? ORDER BY created_at, id`).all(provider)
    : statement(db, `SELECT * FROM org_apps ORDER BY provider, created_at, id`).all()) as OrgAppRow[];
}
