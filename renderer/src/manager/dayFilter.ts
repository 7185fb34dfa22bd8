// The manager's day view filter: what the form holds (local date and times) and the engine query it becomes.

export interface DayFilterState {
  /** Local calendar day, YYYY-MM-DD (what <input type="date"> holds). */
  date: string;
  /** Local wall-clock start and end of the range, HH:MM; the end minute is included. */
  fromTime: string;
  toTime: string;
  provider: string;
  status: string;
  cashierId: string;
}

export interface DayQuery {
  from: number;
  to: number;
  provider?: string;
  status?: string;
  cashier_id?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function localDateOf(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export function defaultDayFilter(now: Date): DayFilterState {
  return { date: localDateOf(now), fromTime: '00:00', toTime: '23:59', provider: '', status: '', cashierId: '' };
}

function localTime(date: string, time: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0, 0, 0).getTime();
}

/** [from, to) in epoch ms for a local day and time range; a malformed date falls back to nothing rather than throwing. */
export function rangeOf(date: string, fromTime: string, toTime: string): { from: number; to: number } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { from: 0, to: 1 };
  const from = localTime(date, fromTime || '00:00');
  // The end minute is inclusive ("until 23:59" means the whole day), so the exclusive bound is one minute later.
  const to = localTime(date, toTime || '23:59') + 60_000;
  return Number.isFinite(from) && Number.isFinite(to) && to > from ? { from, to } : { from: 0, to: 1 };
}

export function toDayQuery(f: DayFilterState): DayQuery {
  return {
    ...rangeOf(f.date, f.fromTime, f.toTime),
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.cashierId ? { cashier_id: f.cashierId } : {}),
  };
}
