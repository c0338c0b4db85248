// Collection conventions shared by every GET: count/offset paging (default 10, max 1000),
// `fields` / `exclude_fields` projection with dotted paths, and `_links`.
import { invalidResource } from './problems';

export const DEFAULT_COUNT = 10;
export const MAX_COUNT = 1000;

/** One page of `items`; a count above 1000 (or a malformed count/offset) is a 400. */
export function page<T>(items: T[], query: Record<string, string>): T[] {
	const count = intParam(query, 'count', DEFAULT_COUNT);
	const offset = intParam(query, 'offset', 0);
	if (count > MAX_COUNT) throw invalidResource([{ field: 'count', message: `Must be less than or equal to ${MAX_COUNT}` }]);
	return items.slice(offset, offset + count);
}

function intParam(query: Record<string, string>, name: string, fallback: number): number {
	const raw = query[name];
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw)) throw invalidResource([{ field: name, message: 'Must be a non-negative integer' }]);
	return Number(raw);
}

export interface Link {
	rel: string;
	href: string;
	method: string;
	targetSchema?: string;
	schema?: string;
}

/** Mailchimp's `_links`: self and parent with absolute hrefs on the account's dc. */
export function links(apiBase: string, path: string): Link[] {
	const parent = path.replace(/\/[^/]+$/, '') || '/';
	return [
		{ rel: 'self', href: `${apiBase}${path}`, method: 'GET' },
		{ rel: 'parent', href: `${apiBase}${parent}`, method: 'GET' },
	];
}

type Tree = { [key: string]: Tree | true };

function tree(paths: string): Tree {
	const root: Tree = {};
	for (const p of paths.split(',').map((s) => s.trim()).filter(Boolean)) {
		let node = root;
		const parts = p.split('.');
		parts.forEach((part, i) => {
			if (i === parts.length - 1) node[part] = true;
			else if (node[part] !== true) node = (node[part] ??= {}) as Tree;
		});
	}
	return root;
}

function pick(value: unknown, t: Tree): unknown {
	if (Array.isArray(value)) return value.map((v) => pick(v, t));
	if (typeof value !== 'object' || value === null) return value;
	const out: Record<string, unknown> = {};
	for (const [k, sub] of Object.entries(t)) {
		if (!(k in value)) continue;
		const v = (value as Record<string, unknown>)[k];
		out[k] = sub === true ? v : pick(v, sub);
	}
	return out;
}

function omit(value: unknown, t: Tree): unknown {
	if (Array.isArray(value)) return value.map((v) => omit(v, t));
	if (typeof value !== 'object' || value === null) return value;
	const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
	for (const [k, sub] of Object.entries(t)) {
		if (!(k in out)) continue;
		if (sub === true) delete out[k];
		else out[k] = omit(out[k], sub);
	}
	return out;
}

/** Applies ?fields= and ?exclude_fields= (comma-separated, dotted) to any JSON body. */
export function project(body: unknown, query: Record<string, string>): unknown {
	let out = body;
	if (query.fields) out = pick(out, tree(query.fields));
	if (query.exclude_fields) out = omit(out, tree(query.exclude_fields));
	return out;
}
