import type { AgentTexts } from './types.js';

export const eo: AgentTexts = {
  shiftEndHandover: 'Aŭtomata transdono: la deĵoro de {agent} finiĝis je {time}, kaj ĉi tiu konversacio estis ankoraŭ malfermita.',
  shiftEndKeepRefused: '{agent} volis teni ĝin, sed la kliento atendas respondon de ni, do ĝi estis transdonita.',
  shiftKept: '{agent} tenas ĉi tiun konversacion post la fino de sia deĵoro ({time}): {reason}.',
  keepReasonPromise: 'ri ŝuldas al la kliento malfermitan promeson',
  keepReasonWaiting: 'ĝi atendas la klienton',
  summaryStatus: 'Stato: {status}, prioritato {priority}.',
  summaryLastCustomer: 'La kliento laste skribis ({time}): “{excerpt}”',
  summaryPromise: 'Malfermita promeso: “{description}”, ĝis {due}.',
  summarySlaDue: 'La sekva SLA-celo finiĝas je {due}.',
  slaReassignedToAgent:
    'Aŭtomate asignita al vi: la celo “{metric}” estis maltrafita je {due} (SLA-politiko “{policy}”). La kliento atendis pli longe ol ni promesis; bonvolu unue respondi al ri.',
  slaReassignedToTeam:
    'Aŭtomate movita al ĉi tiu teamo: la celo “{metric}” estis maltrafita je {due} (SLA-politiko “{policy}”). La kliento atendis pli longe ol ni promesis; kiu ajn prenos ĝin, bonvolu unue respondi al ri.',
  status: { new: 'nova', open: 'malfermita', pending: 'atendas la klienton', on_hold: 'paŭzigita', solved: 'solvita', closed: 'fermita' },
  priority: { low: 'malalta', normal: 'normala', high: 'alta', urgent: 'urĝa' },
  metric: { first_response: 'unua respondo', next_response: 'sekva respondo', resolution: 'solvo' },
};
