/**
 * The expression n8n's editor writes when a field is dragged from the input panel:
 * `={{ $json.email }}`, `={{ $json.body.contact.email }}`, `={{ $json["first name"] }}`.
 * Such a value can be read straight from the item, without n8n's expression engine (which
 * costs ~85 µs per expression per item, most of a 10,000-contact push).
 */

// Keys n8n's expression sandbox guards; an expression using them is left to the engine.
const GUARDED_KEYS = new Set([
	'prototype',
	'constructor',
	'getPrototypeOf',
	'setPrototypeOf',
	'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors',
	'defineProperty',
	'defineProperties',
	'mainModule',
	'binding',
	'caller',
	'callee',
	'arguments',
]);

const WHOLE = /^=\{\{\s*\$json((?:\s*(?:\.\s*[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\{}\n]*'|"[^"\\{}\n]*"|\d+)\s*\]))+)\s*\}\}$/;
const SEGMENT = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\]/g;

/** The property path of a whole-value `{{ $json… }}` expression; undefined for anything else. */
export function jsonPathOf(value: unknown): string[] | undefined {
	if (typeof value !== 'string') return undefined;
	const whole = WHOLE.exec(value);
	if (!whole) return undefined;
	const path = [...whole[1].matchAll(SEGMENT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
	return path.every((key) => !key.startsWith('__') && !GUARDED_KEYS.has(key)) ? path : undefined;
}

export type Primitive = string | number | boolean | null | undefined;

/**
 * The value at `path` when reading it directly certainly equals what the engine returns: every
 * step an own property of a plain object or array, and the value a primitive. Anything else
 * (a missing parent, an inherited property such as a string's `length`, a Date, an object) is
 * undefined here, meaning: ask the engine.
 */
export function readJsonPath(json: unknown, path: string[]): { value: Primitive } | undefined {
	let current: unknown = json;
	for (const key of path) {
		if (!isPlainContainer(current)) return undefined;
		if (Object.prototype.hasOwnProperty.call(current, key)) current = (current as Record<string, unknown>)[key];
		else if (key in current) return undefined;
		else current = undefined;
	}
	return isPrimitive(current) ? { value: current } : undefined;
}

/** An array, or an object literal (of any realm: items may come from a vm or a structured clone). */
function isPlainContainer(value: unknown): value is object {
	if (typeof value !== 'object' || value === null) return false;
	if (Array.isArray(value)) return true;
	const proto = Object.getPrototypeOf(value);
	return proto === null || Object.getPrototypeOf(proto) === null;
}

function isPrimitive(value: unknown): value is Primitive {
	return value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value);
}
