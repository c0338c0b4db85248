// Route table and dispatch for the /3.0 API: path matching, 404/405, the contract check of
// request bodies, problem conversion and fields/exclude_fields projection. Used by the HTTP
// server and, without HTTP, by /batches to run its operations.
import { project } from './collections';
import { validateRequest, type RequestSchema } from './contract';
import { ApiProblem, internalError, invalidResource, methodNotAllowed, notFound } from './problems';
import type { AccountState, Store } from './store';
import type { ContractViolation } from './types';
import { watchMemberChanges } from './webhooks';

export interface Ctx {
	store: Store;
	account: AccountState;
	method: string;
	path: string; // relative to /3.0
	params: Record<string, string>;
	query: Record<string, string>;
	body: unknown;
	apiBase: string; // https://<dc>.api.mailchimp.com/3.0, for _links like Mailchimp's
	sandboxUrl: string; // where the sandbox itself is reachable (batch result files)
	now: string;
	violations: ContractViolation[];
}

export interface ApiResult {
	status: number;
	body?: unknown;
	problem?: boolean;
}

export interface Route {
	method: string;
	pattern: string; // e.g. /lists/:list_id/members/:subscriber_hash
	schema?: RequestSchema;
	/** Members a call carries, for the per-member latency. */
	members?: (body: unknown) => number;
	handle(ctx: Ctx): ApiResult | Promise<ApiResult>;
}

export const ok = (body: unknown, status = 200): ApiResult => ({ status, body });
export const noContent = (): ApiResult => ({ status: 204 });

interface Compiled {
	route: Route;
	regex: RegExp;
	names: string[];
}

export interface Match {
	route: Route;
	params: Record<string, string>;
}

export class Router {
	private compiled: Compiled[];

	constructor(routes: Route[]) {
		this.compiled = routes.map((route) => {
			const names: string[] = [];
			const source = route.pattern.replace(/:([a-z_]+)/g, (_, n: string) => (names.push(n), '([^/]+)'));
			return { route, regex: new RegExp(`^${source}/?$`), names };
		});
	}

	/** The route for method + path, or the 404/405 problem Mailchimp would answer. */
	match(method: string, path: string): Match | ApiProblem {
		let pathKnown = false;
		for (const c of this.compiled) {
			const m = c.regex.exec(path);
			if (!m) continue;
			pathKnown = true;
			if (c.route.method !== method) continue;
			const params: Record<string, string> = {};
			try {
				c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
			} catch {
				return notFound();
			}
			return { route: c.route, params };
		}
		return pathKnown ? methodNotAllowed() : notFound();
	}

	/** Runs a matched route: contract check, handler, problem conversion, projection. */
	async run(match: Match, ctx: Omit<Ctx, 'params'>): Promise<ApiResult> {
		const { route } = match;
		try {
			if (route.schema) {
				const errors = validateRequest(route.schema, ctx.body);
				if (errors.length) {
					ctx.violations.push({ method: ctx.method, path: ctx.path, errors });
					throw invalidResource(errors);
				}
			}
			const handle = () => route.handle({ ...ctx, params: match.params });
			// Member changes made by a write reach the audience's webhooks as source "api" (webhooks.ts).
			const result = ctx.method === 'GET' ? await handle() : await watchMemberChanges(ctx.store, ctx.account, 'api', handle);
			if (ctx.method === 'GET' && result.status < 300 && result.body !== undefined) {
				return { ...result, body: project(result.body, ctx.query) };
			}
			return result;
		} catch (e) {
			const problem = e instanceof ApiProblem ? e : internalError();
			if (!(e instanceof ApiProblem)) console.error('[sandbox] handler crashed:', e);
			return { status: problem.status, body: problem.toBody(), problem: true };
		}
	}
}
