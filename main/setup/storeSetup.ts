import { AppError } from '../../shared/errors';
import type { StaffMemberView, StoreProfileInput } from '../../shared/setup';
import type { Auth } from '../engine/auth';
import { writeTransaction, type Db } from '../store/db';
import { getSetting, putSetting } from '../store/settings';
import { countActiveManagers, deactivateStaff, getStaff, listAllStaff } from '../store/staff';

// What a manager sets up in Settings: the store profile (used by the receipt and the ZATCA QR) and staff.

export function createStoreSetup(deps: { db: Db; auth: Auth; newId: (prefix: string) => string }) {
  const { db } = deps;

  function staffView(id: string): StaffMemberView {
    const row = getStaff(db, id);
    if (!row) throw new AppError('not_found', `There is no staff member with id "${id}".`, { id });
    return { id: row.id, name: row.name, role: row.role, active: row.active === 1 };
  }

  return {
    /** Keeps the settings the profile row also holds (pricing mode, currency). */
    updateProfile(input: StoreProfileInput): void {
      writeTransaction(db, () => {
        const current = JSON.parse(getSetting(db, 'store_profile') ?? '{}') as Record<string, unknown>;
        putSetting(db, 'store_profile', JSON.stringify({ ...current, ...input, address: input.address ?? '', cr_number: input.cr_number ?? '' }));
      });
    },
    listStaff(): StaffMemberView[] {
      return listAllStaff(db).map((r) => ({ id: r.id, name: r.name, role: r.role, active: r.active === 1 }));
    },
    createStaff(input: { name: string; role: 'cashier' | 'manager'; pin: string }): StaffMemberView {
      const created = deps.auth.createStaff({ id: deps.newId('staff_'), name: input.name, role: input.role, pin: input.pin });
      return staffView(created.id);
    },
    setPin(id: string, pin: string): StaffMemberView {
      const member = staffView(id);
      if (!member.active) throw new AppError('conflict', `${member.name} is deactivated; add them again instead.`, { id });
      deps.auth.setPin(id, pin);
      return member;
    },
    deactivate(id: string, by: { id: string } | undefined): StaffMemberView {
      const member = staffView(id);
      if (!member.active) return member;
      writeTransaction(db, () => {
        if (member.role === 'manager' && countActiveManagers(db) <= 1) {
          throw new AppError('conflict', `${member.name} is the last manager. Add another manager first, so someone can still run the store.`, { id, reason: 'last_manager' });
        }
        if (by?.id === id) throw new AppError('conflict', 'You cannot deactivate yourself; ask another manager.', { id });
        deactivateStaff(db, id);
      });
      return staffView(id);
    },
  };
}

export type StoreSetup = ReturnType<typeof createStoreSetup>;
