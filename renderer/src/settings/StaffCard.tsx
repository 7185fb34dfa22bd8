import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMemberView } from '../../../shared/setup';
import { ErrorNote } from '../checkout/ErrorNote';
import { useCreateStaff, useDeactivateStaff, useSetStaffPin, useStaffMembers } from './hooks';

/** Two PIN fields, never filled back in: a PIN is set, never shown. */
function PinFields({ prefix, pin, again, onPin, onAgain }: { prefix: string; pin: string; again: string; onPin(v: string): void; onAgain(v: string): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('setup.staff.pin')}
        <input type="password" data-testid={`${prefix}-pin`} inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => onPin(e.target.value)} />
      </label>
      <label>
        {t('setup.staff.pinAgain')}
        <input type="password" data-testid={`${prefix}-pin-again`} inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => onAgain(e.target.value)} />
      </label>
    </>
  );
}

function ResetPin({ member }: { member: StaffMemberView }) {
  const { t } = useTranslation();
  const setPin = useSetStaffPin();
  const [open, setOpen] = useState(false);
  const [pin, setPinText] = useState('');
  const [again, setAgain] = useState('');
  if (!open) return <button type="button" data-testid={`reset-pin-${member.id}`} onClick={() => setOpen(true)}>{t('setup.staff.resetPin')}</button>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPin.mutate({ id: member.id, pin, pin_confirm: again }, { onSuccess: () => { setPinText(''); setAgain(''); setOpen(false); } });
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <PinFields prefix={`reset-${member.id}`} pin={pin} again={again} onPin={setPinText} onAgain={setAgain} />
      <button type="submit" data-testid={`set-pin-${member.id}`}>{t('setup.staff.setPin')}</button>
      <ErrorNote error={setPin.error} />
    </form>
  );
}

/** Add a cashier or manager with a PIN typed twice, reset a PIN, deactivate; the last manager stays. */
export function StaffCard() {
  const { t } = useTranslation();
  const staff = useStaffMembers();
  const create = useCreateStaff();
  const deactivate = useDeactivateStaff();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'cashier' | 'manager'>('cashier');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [added, setAdded] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAdded(null);
    create.mutate(
      { name, role, pin, pin_confirm: again },
      {
        onSuccess: () => {
          setAdded(name);
          setName('');
          setPin('');
          setAgain('');
        },
        // A PIN that failed is typed again from scratch.
        onError: () => {
          setPin('');
          setAgain('');
        },
      },
    );
  };

  return (
    <section className="card" data-testid="staff-card">
      <h2>{t('setup.staff.title')}</h2>
      <table data-testid="staff-table">
        <thead>
          <tr>
            <th>{t('setup.staff.name')}</th>
            <th>{t('setup.staff.role')}</th>
            <th />
            <th />
          </tr>
        </thead>
        <tbody>
          {staff.data?.map((m) => (
            <tr key={m.id} data-testid="staff-row" data-name={m.name} data-active={m.active}>
              <td>
                <bdi>{m.name}</bdi>
              </td>
              <td>{t(`setup.staff.${m.role}`)}</td>
              <td>{m.active ? t('setup.staff.active') : t('setup.staff.inactive')}</td>
              <td>
                {m.active && (
                  <>
                    <ResetPin member={m} />
                    <button type="button" data-testid={`deactivate-${m.id}`} onClick={() => deactivate.mutate(m.id)}>
                      {t('setup.staff.deactivate')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNote error={deactivate.error} testId="deactivate-error" />
      <form onSubmit={submit} className="setup-form" data-testid="add-staff">
        <label>
          {t('setup.staff.name')}
          <input data-testid="staff-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('setup.staff.role')}
          <select data-testid="staff-role" value={role} onChange={(e) => setRole(e.target.value as 'cashier' | 'manager')}>
            <option value="cashier">{t('setup.staff.cashier')}</option>
            <option value="manager">{t('setup.staff.manager')}</option>
          </select>
        </label>
        <PinFields prefix="staff" pin={pin} again={again} onPin={setPin} onAgain={setAgain} />
        <button type="submit" data-testid="staff-add" disabled={create.isPending}>
          {t('setup.staff.add')}
        </button>
        {added && <span role="status" data-testid="staff-added">{t('setup.staff.added', { name: added })}</span>}
        <ErrorNote error={create.error} testId="staff-error" />
      </form>
    </section>
  );
}
