import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterSettings } from '../../../shared/printing';
import { ErrorNote } from '../checkout/ErrorNote';
import { usePrinterSettings, useTestPrint, useUpdatePrinter } from './hooks';

type Kind = PrinterSettings['kind'];
interface Draft {
  kind: Kind;
  device_name: string;
  host: string;
  port: string;
  device_path: string;
  paper_mm: 80 | 58;
  cut: boolean;
  drawer_kick: boolean;
}

function toDraft(s: PrinterSettings): Draft {
  return {
    kind: s.kind,
    device_name: s.kind === 'os' ? (s.device_name ?? '') : '',
    host: s.kind === 'network' ? s.host : '',
    port: s.kind === 'network' ? String(s.port) : '9100',
    device_path: s.kind === 'device' ? s.device_path : '',
    paper_mm: s.kind === 'network' || s.kind === 'device' ? s.paper_mm : 80,
    cut: s.kind === 'network' || s.kind === 'device' ? s.cut : true,
    drawer_kick: s.kind === 'network' || s.kind === 'device' ? s.drawer_kick : false,
  };
}

function toInput(d: Draft): PrinterSettings {
  const escpos = { paper_mm: d.paper_mm, cut: d.cut, drawer_kick: d.drawer_kick };
  switch (d.kind) {
    case 'none':
      return { kind: 'none' };
    case 'os':
      return { kind: 'os', ...(d.device_name ? { device_name: d.device_name } : {}) };
    case 'network':
      return { kind: 'network', host: d.host, port: Number(d.port), ...escpos };
    case 'device':
      return { kind: 'device', device_path: d.device_path, ...escpos };
  }
}

/** None, the OS printer, or an ESC/POS thermal printer on the network or a device path; paper, cut, drawer; a test print. */
export function PrinterCard() {
  const { t } = useTranslation();
  const current = usePrinterSettings();
  const update = useUpdatePrinter();
  const test = useTestPrint();
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (current.data && !draft) setDraft(toDraft(current.data.settings));
  }, [current.data, draft]);
  if (!draft || !current.data) return null;
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const escpos = draft.kind === 'network' || draft.kind === 'device';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(toInput(draft), { onSuccess: (v) => setDraft(toDraft(v.settings)) });
  };
  return (
    <section className="card" data-testid="printer-card">
      <h2>{t('setup.printer.title')}</h2>
      {current.data.simulator && <p className="muted" data-testid="printer-simulator">{t('setup.printer.simulator')}</p>}
      <form onSubmit={submit} className="setup-form">
        <label>
          {t('setup.printer.kind')}
          <select data-testid="printer-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
            {(['none', 'os', 'network', 'device'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`setup.printer.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {draft.kind === 'os' && (
          <label>
            {t('setup.printer.deviceName')}
            <input data-testid="printer-device-name" value={draft.device_name} onChange={(e) => set({ device_name: e.target.value })} />
          </label>
        )}
        {draft.kind === 'network' && (
          <>
            <label>
              {t('setup.printer.host')}
              <input data-testid="printer-host" dir="ltr" value={draft.host} onChange={(e) => set({ host: e.target.value })} />
            </label>
            <label>
              {t('setup.printer.port')}
              <input data-testid="printer-port" dir="ltr" inputMode="numeric" value={draft.port} onChange={(e) => set({ port: e.target.value })} />
            </label>
          </>
        )}
        {draft.kind === 'device' && (
          <label>
            {t('setup.printer.devicePath')}
            <input data-testid="printer-device-path" dir="ltr" placeholder="/dev/usb/lp0" value={draft.device_path} onChange={(e) => set({ device_path: e.target.value })} />
          </label>
        )}
        {escpos && (
          <>
            <fieldset>
              <legend>{t('setup.printer.paper')}</legend>
              {([80, 58] as const).map((mm) => (
                <label key={mm}>
                  <input type="radio" name="paper" data-testid={`printer-paper-${mm}`} checked={draft.paper_mm === mm} onChange={() => set({ paper_mm: mm })} /> {mm} mm
                </label>
              ))}
            </fieldset>
            <label>
              <input type="checkbox" data-testid="printer-cut" checked={draft.cut} onChange={(e) => set({ cut: e.target.checked })} /> {t('setup.printer.cut')}
            </label>
            <label>
              <input type="checkbox" data-testid="printer-drawer" checked={draft.drawer_kick} onChange={(e) => set({ drawer_kick: e.target.checked })} /> {t('setup.printer.drawer')}
            </label>
          </>
        )}
        <button type="submit" data-testid="printer-save" disabled={update.isPending}>
          {t('setup.save')}
        </button>
        {escpos && (
          <button type="button" data-testid="printer-test" disabled={test.isPending} onClick={() => test.mutate()}>
            {t('setup.printer.test')}
          </button>
        )}
        {update.isSuccess && <span role="status" data-testid="printer-saved">{t('setup.saved')}</span>}
        {test.isSuccess && <span role="status" data-testid="printer-test-ok">{t('setup.printer.testPrinted')}</span>}
        <ErrorNote error={update.error ?? test.error} testId="printer-error" />
      </form>
    </section>
  );
}
