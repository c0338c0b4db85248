// POST /batches: asynchronous operations. The batch is `pending`, then runs its operations
// through the same router (contract checks included), then `finished` with a tar.gz of
// results served by the sandbox itself at /sandbox-files/<id>.tar.gz.
import { links, page } from '../collections';
import { ApiProblem, jsonParse, notFound } from '../problems';
import { noContent, ok, type Ctx, type Route, type Router } from '../router';
import { mcTime, randomHex, type BatchOperationResult, type BatchState } from '../store';
import { tarGz } from '../tar';

export const BATCH_START_DELAY_MS = 30;

interface Operation {
	method: string;
	path: string;
	params?: Record<string, unknown>;
	body?: string;
	operation_id?: string;
}

function batchRecord(ctx: Ctx, b: BatchState): Record<string, unknown> {
	return { ...b, _links: links(ctx.apiBase, `/batches/${b.id}`) };
}

async function runOperation(router: Router, ctx: Ctx, op: Operation): Promise<BatchOperationResult> {
	const path = (op.path.startsWith('/') ? op.path : `/${op.path}`).split('?')[0];
	const query = Object.fromEntries(Object.entries(op.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
	const respond = (status: number, body: unknown) => ({ status_code: status, operation_id: op.operation_id ?? null, response: body === undefined ? '' : JSON.stringify(body) });
	let body: unknown;
	try {
		body = op.body === undefined || op.body === '' ? undefined : JSON.parse(op.body);
	} catch {
		return respond(400, jsonParse().toBody());
	}
	const match = router.match(op.method, path);
	if (match instanceof ApiProblem) return respond(match.status, match.toBody());
	const result = await router.run(match, { ...ctx, method: op.method, path, query, body, now: mcTime() });
	return respond(result.status, result.body);
}

function processBatch(router: Router, ctx: Ctx, batch: BatchState, ops: Operation[]): void {
	batch.status = 'started';
	void (async () => {
		const results: BatchOperationResult[] = [];
		for (const op of ops) {
			const r = await runOperation(router, ctx, op);
			results.push(r);
			batch.finished_operations++;
			if (r.status_code >= 400) batch.errored_operations++;
		}
		const file = `${batch.id}.tar.gz`;
		ctx.store.files.set(file, tarGz([{ name: `${batch.id}/0.json`, content: JSON.stringify(results) }]));
		batch.response_body_url = `${ctx.sandboxUrl}/sandbox-files/${file}`;
		batch.completed_at = mcTime();
		batch.status = 'finished';
	})();
}

export function batchRoutes(router: () => Router): Route[] {
	return [
		{
			method: 'POST',
			pattern: '/batches',
			schema: 'batches-post',
			handle(ctx) {
				const ops = (ctx.body as { operations: Operation[] }).operations;
				const batch: BatchState = {
					id: randomHex(10),
					status: 'pending',
					total_operations: ops.length,
					finished_operations: 0,
					errored_operations: 0,
					submitted_at: ctx.now,
					completed_at: '',
					response_body_url: '',
				};
				ctx.account.batches.set(batch.id, batch);
				ctx.store.later(BATCH_START_DELAY_MS, () => processBatch(router(), ctx, batch, ops));
				return ok(batchRecord(ctx, batch));
			},
		},
		{
			method: 'GET',
			pattern: '/batches',
			handle(ctx) {
				const all = [...ctx.account.batches.values()];
				return ok({ batches: page(all, ctx.query).map((b) => batchRecord(ctx, b)), total_items: all.length, _links: links(ctx.apiBase, '/batches') });
			},
		},
		{
			method: 'GET',
			pattern: '/batches/:batch_id',
			handle(ctx) {
				const b = ctx.account.batches.get(ctx.params.batch_id);
				if (!b) throw notFound();
				return ok(batchRecord(ctx, b));
			},
		},
		{
			method: 'DELETE',
			pattern: '/batches/:batch_id',
			handle(ctx) {
				if (!ctx.account.batches.delete(ctx.params.batch_id)) throw notFound();
				return noContent();
			},
		},
	];
}
