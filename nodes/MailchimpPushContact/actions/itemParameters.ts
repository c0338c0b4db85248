import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jsonPathOf, readJsonPath } from '../helpers/jsonPath';

/** Builds a parameter's value for one item, or says "ask n8n" by returning ENGINE. */
type Template = (json: unknown) => unknown;
const ENGINE = Symbol('engine');

/**
 * Per-item parameter values equal to `getNodeParameter(name, itemIndex)`, at a fraction of the
 * cost when the parameter's expressions are all of the `{{ $json.path }}` kind the editor writes
 * by drag and drop: those are read from the item itself. A parameter with any other expression,
 * and any item whose value is not a plain primitive, goes through n8n's engine as before.
 *
 * Only for top-level parameters n8n does not validate or convert after evaluating them (no
 * `validateType`, not a resource mapper's `.value` path): the email, the merge field mapping and
 * the options.
 */
export class ItemParameters {
	private readonly items: INodeExecutionData[];
	private readonly templates = new Map<string, Template | undefined>();

	constructor(private readonly ctx: IExecuteFunctions) {
		this.items = ctx.getInputData();
	}

	get(name: string, itemIndex: number, fallback: unknown): unknown {
		if (!this.templates.has(name)) {
			// The value as the workflow stores it, expressions unevaluated: what getNodeParameter starts from.
			const stored = this.ctx.getNode().parameters[name];
			this.templates.set(name, compile(stored === undefined ? fallback : stored));
		}
		const template = this.templates.get(name);
		const value = template ? template(this.items[itemIndex]?.json) : ENGINE;
		return value === ENGINE ? this.ctx.getNodeParameter(name, itemIndex, fallback) : value;
	}
}

/**
 * undefined when some expression in the value needs the engine for every item. A part without
 * expressions is given as stored, one object for every item (the merge field mapping's schema is
 * large): callers only read parameter values.
 */
function compile(raw: unknown): Template | undefined {
	if (!hasExpression(raw)) return () => raw;
	if (typeof raw === 'string') {
		const path = jsonPathOf(raw);
		if (!path) return undefined;
		return (json) => {
			const read = readJsonPath(json, path);
			return read ? read.value : ENGINE;
		};
	}
	if (Array.isArray(raw)) {
		const parts = raw.map(compile);
		if (!parts.every(Boolean)) return undefined;
		return (json) => {
			const out: unknown[] = [];
			for (const part of parts) {
				const value = part!(json);
				if (value === ENGINE) return ENGINE;
				out.push(value);
			}
			return out;
		};
	}
	if (raw !== null && typeof raw === 'object') {
		const parts = Object.entries(raw).map(([key, value]) => [key, compile(value)] as const);
		if (!parts.every(([, part]) => part)) return undefined;
		return (json) => {
			const out: Record<string, unknown> = {};
			for (const [key, part] of parts) {
				const value = part!(json);
				if (value === ENGINE) return ENGINE;
				out[key] = value;
			}
			return out;
		};
	}
	return () => raw;
}

function hasExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(hasExpression);
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(hasExpression);
	return false;
}
