/**
 * Where "now" comes from for everything the service clock decides (SLA targets, promise timers, delay notices).
 * Production uses the system clock; tests drive a ManualClock so that hours of business time pass in a
 * millisecond. Record timestamps (created_at columns) stay on the database's clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | string) {
    this.ms = new Date(start).getTime();
    if (!Number.isFinite(this.ms)) throw new Error('ManualClock needs a valid start instant');
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }

  advanceMinutes(minutes: number): Date {
    this.ms += minutes * 60_000;
    return this.now();
  }
}
