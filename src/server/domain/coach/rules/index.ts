import { apathyChecker } from './apathy.js';
import { brushOffChecker } from './brush-off.js';
import { calmDownChecker } from './calm-down.js';
import { coldnessChecker } from './coldness.js';
import { condescensionChecker } from './condescension.js';
import { noTimelineChecker } from './no-timeline.js';
import { robotismChecker } from './robotism.js';
import { rulebookChecker } from './rulebook.js';
import { runaroundChecker } from './runaround.js';
import type { CoachRuleChecker } from './types.js';

/** The lexicon-based checkers, one per rule, in the order findings of the same position are listed. */
export const DEFAULT_COACH_CHECKERS: readonly CoachRuleChecker[] = [
  runaroundChecker,
  brushOffChecker,
  condescensionChecker,
  robotismChecker,
  coldnessChecker,
  apathyChecker,
  rulebookChecker,
  calmDownChecker,
  noTimelineChecker,
];
