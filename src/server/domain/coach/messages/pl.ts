import type { CoachMessageCatalogue } from '../rules/messages.js';

/** Polish texts of the coach's findings (the agent's UI language). */
export const COACH_MESSAGES_PL: CoachMessageCatalogue = {
  'runaround.referral':
    'Odsyła klienta, żeby sam szukał odpowiedzi („{phrase}”).',
  'runaround.referral.suggestion':
    'Odpowiedz lub rozwiąż sprawę w tej wiadomości; link do strony podaj tylko jako dodatkową informację, gdy problem jest już rozwiązany.',
  'runaround.come_back':
    'Prosi klienta, żeby odezwał się później („{phrase}”), zamiast zatrzymać sprawę u siebie.',
  'runaround.come_back.suggestion':
    'Zatrzymaj sprawę u siebie: napisz, co zrobisz i kiedy odezwiesz się do klienta.',
  'brush_off.message':
    'Odsyła klienta do kogoś innego bez osobistego przekazania sprawy („{phrase}”).',
  'brush_off.suggestion':
    'Przekaż sprawę sam, z notatką, i napisz klientowi, kto się z nim skontaktuje i kiedy.',
  'condescension.jargon':
    'Wewnętrzny żargon, którego klient nie użył: „{phrase}”.',
  'condescension.jargon.suggestion':
    'Użyj prostych słów, na przykład „{plain}”.',
  'condescension.acronym':
    'Niewyjaśniony skrót, którego klient nie użył: „{phrase}”.',
  'condescension.acronym.suggestion':
    'Napisz to prostymi słowami albo wyjaśnij skrót w nawiasie.',
  'robotism.message':
    'Prosi o dane („{phrase}”), zanim padnie jakiekolwiek ludzkie słowo zrozumienia.',
  'robotism.suggestion':
    'Najpierw własnymi słowami odnieś się do problemu klienta, potem poproś o dane.',
  'robotism.suggestion_with_reason':
    'Najpierw odnieś się do problemu klienta, potem poproś o dane i wyjaśnij, do czego są potrzebne („żebym mógł znaleźć Pana zamówienie”).',
  'coldness.message':
    'Traktuje problem klienta jak kłopot („{phrase}”).',
  'coldness.suggestion':
    'Usuń to i wyjaśnij jeszcze raz, cierpliwie, jak za pierwszym razem.',
  'apathy.message':
    'Klient opisuje problem, ale odpowiedź w ogóle się do niego nie odnosi.',
  'apathy.suggestion':
    'Zacznij od odniesienia się do problemu: przeproś, podziękuj za informację albo pokaż, że rozumiesz.',
  'rulebook.message':
    'Odmawia, powołując się na zasady („{phrase}”), bez żadnej alternatywy.',
  'rulebook.suggestion':
    'Krótko wyjaśnij dlaczego i zaproponuj, co możesz zrobić zamiast tego: alternatywę, gest w ramach Twojego budżetu albo decyzję przełożonego.',
  'calm_down.message':
    'Każe klientowi się uspokoić („{phrase}”); zdenerwowanego klienta to jeszcze bardziej złości.',
  'calm_down.suggestion':
    'Zamiast tego nazwij uczucie, na przykład „Rozumiem, że to frustrujące”.',
  'no_timeline.message':
    'Obiecuje działanie („{phrase}”) bez terminu ani kolejnego kroku.',
  'no_timeline.suggestion':
    'Napisz kiedy albo co stanie się dalej, na przykład „Odezwę się najpóźniej w czwartek do 14:00”.',
};
