import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from '../service-clock/business-hours.js';

/**
 * The time an SLA target is counted in: business minutes of a calendar, or plain calendar minutes.
 * `between` is negative when `to` is before `from`.
 */
export interface TimeBase {
  readonly business: boolean;
  add(from: Date, minutes: number): Date;
  between(from: Date, to: Date): number;
}

export const calendarTime: TimeBase = {
  business: false,
  add: (from, minutes) => new Date(from.getTime() + minutes * 60_000),
  between: (from, to) => (to.getTime() - from.getTime()) / 60_000,
};

export function businessTime(calendar: BusinessCalendar): TimeBase {
  return {
    business: true,
    add: (from, minutes) => addBusinessMinutes(calendar, from, Math.max(0, minutes)),
    between: (from, to) => businessMinutesBetween(calendar, from, to),
  };
}
