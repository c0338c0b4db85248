/** The peers the benchmark compares (kept apart from peers.ts, which loads the n8n engine). */
export type Peer = 'ours' | 'builtin' | 'naive';
export const PEERS: Peer[] = ['ours', 'builtin', 'naive'];
export const PEER_LABEL: Record<Peer, string> = { ours: 'ours', builtin: 'built-in', naive: 'naive SDK' };
