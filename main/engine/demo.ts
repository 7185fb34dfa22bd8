import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { PROVIDERS } from '../../shared/providers';
import type { Db } from '../store/db';
import { countProducts, insertProduct } from '../store/products';
import { listOrgApps } from '../store/orgApps';
import { getSetting } from '../store/settings';
import { countStaff, setStaffActive } from '../store/staff';
import type { SecretBox } from './secrets';
import { saveBackofficeSettings } from './sync';
import type { Auth } from './auth';
import type { OrgApps } from './orgApps';

export const DEMO_STAFF = [
  { id: 'staff_cashier_demo', name: 'Sara · سارة', role: 'cashier', pin: '1111' },
  { id: 'staff_manager_demo', name: 'Khalid · خالد', role: 'manager', pin: '9999' },
] as const;

export const DEMO_STAFF_IDS = DEMO_STAFF.map((s) => s.id);

/**
 * Demo staff sign in with PINs printed on the demo sign-in screen and in the README: a data folder that
 * goes live keeps them switched off, so 1111 and 9999 never open a live till.
 */
export function retireDemoStaff(db: Db): number {
  return setStaffActive(db, DEMO_STAFF_IDS, false);
}

/** Org apps installed in demo mode point here; resolved at run time to the sandbox in use. */
export const SANDBOX_BASE_URL = 'sandbox://local';

const DEMO_PRODUCTS = [
  { sku: 'COF-001', barcode: '6281000000011', name_en: 'Arabic coffee beans 500 g', name_ar: 'بن عربي ٥٠٠ غ', price_minor: 6500 },
  { sku: 'DAT-002', barcode: '6281000000028', name_en: 'Sukkari dates 1 kg', name_ar: 'تمر سكري ١ كغ', price_minor: 4500 },
  { sku: 'OUD-003', barcode: '6281000000035', name_en: 'Oud perfume 50 ml', name_ar: 'عطر عود ٥٠ مل', price_minor: 32000 },
  { sku: 'ABA-004', barcode: '6281000000042', name_en: 'Black abaya', name_ar: 'عباية سوداء', price_minor: 45000 },
  { sku: 'TEA-005', barcode: '6281000000059', name_en: 'Mint tea 100 bags', name_ar: 'شاي بالنعناع ١٠٠ كيس', price_minor: 1850 },
  { sku: 'HEA-006', barcode: '6281000000066', name_en: 'Wireless headphones', name_ar: 'سماعات لاسلكية', price_minor: 89900 },
];

/** Seeds what a newcomer needs to try PayDesk: staff with known PINs, one sandbox app per provider, products. Idempotent. */
export function seedDemoData(db: Db, auth: Auth, orgApps: OrgApps, now: () => number, secrets?: SecretBox): void {
  if (countStaff(db) === 0) for (const s of DEMO_STAFF) auth.createStaff({ id: s.id, name: s.name, role: s.role, pin: s.pin });
  else setStaffActive(db, DEMO_STAFF_IDS, true); // back from live mode, which switched them off
  const installed = new Set(listOrgApps(db).map((a) => a.provider));
  for (const p of PROVIDERS) {
    if (installed.has(p.id)) continue;
    const credentials = { ...SANDBOX_CREDENTIALS[p.id] } as Record<string, string>;
    orgApps.install(
      { provider: p.id, name: `${p.name} sandbox`, environment: 'sandbox', base_url: SANDBOX_BASE_URL, credentials, settings: {} },
      { id: `app_${p.id}_sandbox` },
    );
  }
  if (secrets && !getSetting(db, 'backoffice')) {
    saveBackofficeSettings(db, secrets, { base_url: SANDBOX_BASE_URL, organization_id: SANDBOX_CREDENTIALS.backoffice.organization_id, api_key: SANDBOX_CREDENTIALS.backoffice.api_key });
  }
  if (countProducts(db) === 0) {
    const at = now();
    for (const [i, p] of DEMO_PRODUCTS.entries()) insertProduct(db, { id: `prod_demo_${i + 1}`, ...p, currency: 'SAR', vat_rate_bp: 1500, created_at: at, updated_at: at });
  }
}
