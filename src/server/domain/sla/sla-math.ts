import type { TimeBase } from './time-base.js';

/**
 * Pure arithmetic of one SLA clock. A clock runs in segments: `consumed` holds the minutes (in its time base)
 * used by earlier segments; while running, `segmentStart` is when the current one began. Pausing folds the
 * running segment into `consumed`; resuming starts a new segment. Everything else (due, warning and notice
 * instants, remaining time) follows from these three numbers and the target.
 */
export interface ClockState {
  targetMinutes: number;
  consumed: number;
  /** null while paused. */
  segmentStart: Date | null;
}

export interface ClockInstants {
  dueAt: Date | null;
  warnAt: Date | null;
  noticeAt: Date | null;
}

/** The instant at which `fraction` of the target is used up, or null while paused. */
export function instantAtFraction(state: ClockState, base: TimeBase, fraction: number): Date | null {
  if (!state.segmentStart) return null;
  const left = state.targetMinutes * fraction - state.consumed;
  // Already past that point: the instant lies in an earlier segment; report the segment start (it is past).
  if (left <= 0) return state.segmentStart;
  return base.add(state.segmentStart, left);
}

export function instantsOf(state: ClockState, base: TimeBase, warnPercent: number, noticePercent: number | null): ClockInstants {
  return {
    dueAt: instantAtFraction(state, base, 1),
    warnAt: instantAtFraction(state, base, warnPercent / 100),
    noticeAt: noticePercent === null ? null : instantAtFraction(state, base, noticePercent / 100),
  };
}

/** Minutes used so far, including the running segment. */
export function usedMinutes(state: ClockState, base: TimeBase, now: Date): number {
  if (!state.segmentStart) return state.consumed;
  return state.consumed + Math.max(0, base.between(state.segmentStart, now));
}

/** Minutes left before the target (negative once breached), rounded towards the customer: down when positive. */
export function remainingMinutes(state: ClockState, base: TimeBase, now: Date): number {
  const left = state.targetMinutes - usedMinutes(state, base, now);
  return left >= 0 ? Math.floor(left + 1e-9) : -Math.ceil(-left - 1e-9);
}

export function pause(state: ClockState, base: TimeBase, now: Date): ClockState {
  if (!state.segmentStart) return state;
  return { ...state, consumed: usedMinutes(state, base, now), segmentStart: null };
}

export function resume(state: ClockState, now: Date): ClockState {
  if (state.segmentStart) return state;
  return { ...state, segmentStart: now };
}
