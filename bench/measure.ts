/** What is measured around one push: heap, the requests the sandbox saw, the latency model. */
import { MAX_BATCH_SIZE } from '../nodes/MailchimpPushContact/helpers/batchSize';
import type { RecordedRequest } from '../sandbox';

export interface LatencyModel {
	perRequestMs: number;
	perMemberMs: number;
	maxConnections: number;
}


/**
 * The perfect client's calls: N contacts in batch-subscribe calls of at most 500, sized and
 * spread over all `maxConnections` at once, under the latency model — the best over every number
 * of calls k ≥ ceil(N/500) of ceil(k / connections) rounds × (per request + per member × N/k).
 * For N = 1,000: 10 calls of 100, one round, 220 ms; for N = 10,000: 20 calls of 500, two rounds,
 * 2.04 s. It knows, without asking, which contacts are new and which exist, so existing contacts
 * have the same ceiling.
 */
export function idealCallsMs(n: number, model: LatencyModel): number {
	return idealCalls(n, model).ms;
}

/** The perfect client's number of calls for N contacts, and their time under the latency model. */
export function idealCalls(n: number, model: LatencyModel): { calls: number; ms: number } {
	const connections = Math.max(1, model.maxConnections);
	let best = { calls: 1, ms: Infinity };
	for (let calls = Math.ceil(n / MAX_BATCH_SIZE); calls <= n; calls++) {
		const ms = Math.ceil(calls / connections) * (model.perRequestMs + model.perMemberMs * Math.ceil(n / calls));
		if (ms < best.ms) best = { calls, ms };
		if (calls > connections * Math.ceil(n / MAX_BATCH_SIZE)) break;
	}
	return best;
}

/**
 * Samples heapUsed while a push runs, from the heap as the runs before left it. No collection is
 * forced first: a push that starts right after a full collection pays for young-generation
 * collections a long-running n8n never sees at the start of an execution (measured: 30–40 ms
 * more at N = 1,000). `--memory` is the measurement of memory, with collections.
 */
export class HeapSampler {
	readonly baseline: number;
	private peak: number;
	private readonly timer: NodeJS.Timeout;

	constructor(intervalMs = 10) {
		this.baseline = process.memoryUsage().heapUsed;
		this.peak = this.baseline;
		this.timer = setInterval(() => this.sample(), intervalMs);
	}

	private sample() {
		const used = process.memoryUsage().heapUsed;
		if (used > this.peak) this.peak = used;
	}

	stop(): { peak: number; baseline: number } {
		this.sample();
		clearInterval(this.timer);
		return { peak: this.peak, baseline: this.baseline };
	}
}

/**
 * What the report needs of one request the sandbox saw. The sandbox runs in a process of its
 * own, so it sends these summaries over IPC rather than whole bodies; its Date.now() timestamps
 * compare with this process's.
 */
export interface RequestSummary extends Pick<RecordedRequest, 'account' | 'method' | 'path' | 'status' | 'startedAt' | 'endedAt'> {
	/** Members of a batch-subscribe body (0 for any other request). */
	members: number;
}

export function summariseRequest(r: RecordedRequest): RequestSummary {
	const members = (r.body as { members?: unknown } | undefined)?.members;
	return { account: r.account, method: r.method, path: r.path, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, members: Array.isArray(members) ? members.length : 0 };
}

/** A request's kind, by Mailchimp endpoint. */
export function requestKind(r: Pick<RequestSummary, 'method' | 'path'>): string {
	const p = r.path.replace(/^\/3\.0/, '');
	if (r.method === 'POST' && /^\/lists\/[^/]+\/?$/.test(p)) return 'batch subscribe  POST /lists/{id}';
	if (/^\/lists\/[^/]+\/merge-fields/.test(p)) return `merge fields     ${r.method} /lists/{id}/merge-fields`;
	if (/^\/lists\/[^/]+\/members\/[^/]+\/tags/.test(p)) return `member tags      ${r.method} …/members/{hash}/tags`;
	if (/^\/lists\/[^/]+\/members\/[^/]+\/?$/.test(p)) {
		const name = { GET: 'read member     ', PUT: 'upsert member   ', PATCH: 'update member   ' }[r.method] ?? 'member          ';
		return `${name} ${r.method} …/members/{hash}`;
	}
	if (r.method === 'POST' && /^\/lists\/[^/]+\/members\/?$/.test(p)) return 'create member    POST /lists/{id}/members';
	if (r.method === 'GET' && /^\/lists\/[^/]+\/members\/?$/.test(p)) return 'list members     GET /lists/{id}/members';
	if (/^\/customer-journeys\//.test(p)) return `journey trigger  ${r.method} /customer-journeys/…`;
	const generic = p
		.replace(/\/lists\/[^/]+/, '/lists/{id}')
		.replace(/\/[0-9a-f]{32}(?=\/|$)/g, '/{hash}')
		.replace(/\/segments\/\d+/, '/segments/{id}')
		.replace(/\/batches\/[^/]+/, '/batches/{id}');
	return `other            ${r.method} ${generic}`;
}

export interface Phase {
	kind: string;
	requests: number;
	/** ms from the start of the push to the first request of this kind starting. */
	firstStart: number;
	/** ms from the start of the push to the last request of this kind ending. */
	lastEnd: number;
	/** Sum of the server-side durations (latency model + handling). */
	busyMs: number;
	meanMs: number;
	/** Mean duration the latency model alone gives this kind of request (the rest is CPU and queueing). */
	modelMs: number;
	statuses: Record<string, number>;
}

export interface RequestStats {
	total: number;
	/** 429s the sandbox answered (the 11th connection, refused at once). */
	sent429: number;
	phases: Phase[];
	/** ms from the start of the push to the first request. */
	beforeFirst: number;
	/** ms from the last response to the end of the push. */
	afterLast: number;
	/** Sum of the server-side durations of all requests. */
	busyMs: number;
}

/** The duration the latency model gives one request: per request, plus per member of a batch subscribe. */
export function modelDuration(r: Pick<RequestSummary, 'members'>, model: LatencyModel): number {
	return model.perRequestMs + r.members * model.perMemberMs;
}

export function requestStats(requests: readonly RequestSummary[], startedAt: number, endedAt: number, model: LatencyModel): RequestStats {
	const byKind = new Map<string, RequestSummary[]>();
	for (const r of requests) {
		const kind = requestKind(r);
		const list = byKind.get(kind);
		if (list) list.push(r);
		else byKind.set(kind, [r]);
	}
	const end = (r: RequestSummary) => (r.endedAt || endedAt) - startedAt;
	const phases: Phase[] = [...byKind.entries()].map(([kind, rs]) => {
		const busyMs = rs.reduce((sum, r) => sum + ((r.endedAt || endedAt) - r.startedAt), 0);
		const statuses: Record<string, number> = {};
		for (const r of rs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
		return {
			kind,
			requests: rs.length,
			firstStart: Math.min(...rs.map((r) => r.startedAt)) - startedAt,
			lastEnd: Math.max(...rs.map(end)),
			busyMs,
			meanMs: busyMs / rs.length,
			modelMs: rs.reduce((sum, r) => sum + modelDuration(r, model), 0) / rs.length,
			statuses,
		};
	});
	phases.sort((a, b) => a.firstStart - b.firstStart);
	const firstStart = requests.length ? Math.min(...requests.map((r) => r.startedAt)) - startedAt : endedAt - startedAt;
	const lastEnd = requests.length ? Math.max(...requests.map(end)) : 0;
	return {
		total: requests.length,
		sent429: requests.filter((r) => r.status === 429).length,
		phases,
		beforeFirst: firstStart,
		afterLast: endedAt - startedAt - lastEnd,
		busyMs: phases.reduce((s, p) => s + p.busyMs, 0),
	};
}
