/** The local calendar day around `nowMs`, as the [from, to) epoch-ms window the engine filters on. */
export function localDayWindow(nowMs: number): { from: number; to: number } {
  const start = new Date(nowMs);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.getTime(), to: end.getTime() };
}
