/** English texts of the coach's findings; the keys are the reference every other language must have. */
export const COACH_MESSAGES_EN = {
  'runaround.referral': 'Sends the customer off to find the answer themselves ("{phrase}").',
  'runaround.referral.suggestion':
    'Answer or solve it in this reply; link the page only as extra reading once the problem is solved.',
  'runaround.come_back': 'Asks the customer to come back later ("{phrase}") instead of keeping the case.',
  'runaround.come_back.suggestion':
    'Keep the case yourself: say what you will do and when you will get back to the customer.',
  'brush_off.message': 'Passes the customer on to someone else without a warm handover ("{phrase}").',
  'brush_off.suggestion':
    'Hand the case over yourself with a note, and tell the customer who will contact them and when.',
  'condescension.jargon': 'Internal jargon the customer did not use: "{phrase}".',
  'condescension.jargon.suggestion': 'Use plain words, for example "{plain}".',
  'condescension.acronym': 'Unexplained acronym the customer did not use: "{phrase}".',
  'condescension.acronym.suggestion': 'Write it out in plain words, or explain it in brackets after the acronym.',
  'robotism.message': 'Asks for an identifier ("{phrase}") before any human word of acknowledgement.',
  'robotism.suggestion': 'First acknowledge the customer\'s problem in a sentence of your own, then ask for it.',
  'robotism.suggestion_with_reason':
    'First acknowledge the customer\'s problem, then ask for it and say why you need it ("so that I can find your order").',
  'coldness.message': 'Treats the customer\'s problem as a nuisance ("{phrase}").',
  'coldness.suggestion': 'Leave it out and explain again patiently, as if for the first time.',
  'apathy.message': 'The customer describes a problem, but the reply never acknowledges it.',
  'apathy.suggestion':
    'Open by acknowledging the problem: say sorry, thank the customer for telling you, or show that you understand.',
  'rulebook.message': 'Refuses by pointing at rules ("{phrase}") without offering an alternative.',
  'rulebook.suggestion':
    'Say briefly why, and offer what you can do instead: an alternative, a goodwill gesture within your budget, or a supervisor\'s review.',
  'calm_down.message': 'Tells the customer to calm down ("{phrase}"); it makes an upset customer angrier.',
  'calm_down.suggestion': 'Acknowledge the feeling instead, for example "I understand why this is upsetting".',
  'no_timeline.message': 'Promises action ("{phrase}") without a time or a next step.',
  'no_timeline.suggestion': 'Say when, or what happens next, for example "I will get back to you by Thursday 14:00".',
} as const;
