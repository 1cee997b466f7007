import type { SentimentLexicon } from '../types.js';

/** English. */
export const en: SentimentLexicon = {
  language: 'en',
  terms: {
    'good morning': 0, 'good afternoon': 0, 'good evening': 0, 'good day': 0, 'no problem': 1, 'no worries': 1,
    angry: -3, furious: -3, livid: -3, outraged: -3, unacceptable: -3, ridiculous: -3, disgusting: -3, terrible: -3,
    awful: -3, horrible: -3, worst: -3, useless: -3, scam: -3, incompetent: -3, rude: -3, nightmare: -3, hate: -3,
    'fed up': -3, 'sick of': -3, 'waste of': -3, 'never again': -3, joke: -2, shame: -2, disgrace: -3,
    'disappoint*': -2, 'frustrat*': -2, 'annoy*': -2, upset: -2, unhappy: -2, bad: -2, poor: -2, broken: -2,
    damaged: -2, 'fail*': -2, 'crash*': -2, 'complain*': -2, 'not working': -2, "doesn't work": -2, 'does not work': -2,
    "won't work": -2, 'still waiting': -2, 'still not': -2, 'still no': -2, 'never arrived': -2, 'never received': -2,
    'never came': -2, 'charged twice': -2, 'third time': -2, 'fourth time': -2, 'again and again': -2,
    wrong: -1, late: -1, 'delay*': -1, missing: -1, lost: -1, 'problem*': -1, 'issue*': -1, 'error*': -1,
    'thank*': 1, thx: 1, cheers: 1, great: 2, excellent: 3, amazing: 3, perfect: 3, wonderful: 3, love: 3, awesome: 3,
    brilliant: 3, fantastic: 3, outstanding: 3, happy: 2, glad: 2, pleased: 2, satisfied: 2, helpful: 2,
    'appreciat*': 2, 'well done': 2, good: 1, nice: 1, quick: 1, fast: 1, fixed: 1, solved: 1, 'works now': 1,
    'all good': 2,
  },
  negations: ['not', 'no', 'never', "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't", 'cannot', 'without', 'hardly', 'nothing'],
  intensifiers: ['very', 'really', 'so', 'extremely', 'totally', 'absolutely', 'completely', 'incredibly', 'super', 'truly', 'utterly', 'beyond'],
  diminishers: ['a bit', 'a little', 'slightly', 'somewhat', 'kind of', 'sort of'],
  contrasts: ['but', 'however', 'yet', 'although'],
};
