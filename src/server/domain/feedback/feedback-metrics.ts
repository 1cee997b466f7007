/**
 * The feedback figures, from counts (definitions in docs/METRICS.md). The database counts; these functions turn the
 * counts into rates, so every report rounds and treats "nothing to count" (null) the same way.
 */

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** CSAT: the share of answers scoring 4 or 5 among all answers (1–5), 0…1. */
export function csatRate(satisfied: number, answered: number): number | null {
  return answered === 0 ? null : round(satisfied / answered, 4);
}

/** NPS: % promoters (9–10) − % detractors (0–6) among NPS answers (0–10), −100…100. */
export function netPromoterScore(promoters: number, detractors: number, responses: number): number | null {
  return responses === 0 ? null : round(((promoters - detractors) / responses) * 100, 1);
}

/** CES: the mean of the effort answers (1 = very difficult … 7 = very easy). */
export function customerEffortScore(sum: number, responses: number): number | null {
  return responses === 0 ? null : round(sum / responses, 2);
}

/** Recovery rate: of the cases closed, the share closed as recovered. */
export function recoveryRate(recovered: number, notRecovered: number): number | null {
  const closed = recovered + notRecovered;
  return closed === 0 ? null : round(recovered / closed, 4);
}

/**
 * Retention: of the recovered customers whose return window is decided — they came back, or the window (90 days by
 * default) ended without it — the share that came back. A window still running counts only once they are back.
 */
export function retentionRate(cameBack: number, windowEndedWithoutReturn: number): number | null {
  const decided = cameBack + windowEndedWithoutReturn;
  return decided === 0 ? null : round(cameBack / decided, 4);
}

export function isSatisfied(score: number): boolean {
  return score >= 4;
}

export type NpsGroup = 'promoter' | 'passive' | 'detractor';
export function npsGroup(value: number): NpsGroup {
  return value >= 9 ? 'promoter' : value >= 7 ? 'passive' : 'detractor';
}

/** The figures of a plain list of answers (used by tests and small summaries; reports count in SQL). */
export function summarizeAnswers(answers: Array<{ score: number; nps?: number | null; ces?: number | null }>) {
  const nps = answers.map((a) => a.nps).filter((v): v is number => typeof v === 'number');
  const ces = answers.map((a) => a.ces).filter((v): v is number => typeof v === 'number');
  return {
    answered: answers.length,
    csat: csatRate(answers.filter((a) => isSatisfied(a.score)).length, answers.length),
    nps: netPromoterScore(nps.filter((v) => npsGroup(v) === 'promoter').length, nps.filter((v) => npsGroup(v) === 'detractor').length, nps.length),
    ces: customerEffortScore(ces.reduce((s, v) => s + v, 0), ces.length),
  };
}
