import { DayView } from '../manager/DayView';

/** F2: the day's paylinks (issue 6). Cashiers see it too; refunds inside need a manager. */
export function Paylinks() {
  return <DayView />;
}
