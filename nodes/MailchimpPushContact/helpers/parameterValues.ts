/** Checks for parameter values that reach the node as n8n evaluated them for one item. */

const AUDIENCE_ID = /^[0-9a-zA-Z]+$/;

/**
 * The audience id from the resource locator's value ({ __rl, mode, value }) or a plain string
 * an expression gave. It goes into request paths, so only Mailchimp's id alphabet passes.
 */
export function audienceIdOf(value: unknown): { id: string } | { problem: string } {
	const raw = value !== null && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (!id) return { problem: 'No audience is chosen: pick one, or give its ID' };
	if (!AUDIENCE_ID.test(id)) return { problem: `"${id}" is not an audience ID (letters and digits only)` };
	return { id };
}

/** A switch: true or false, also as the text an expression may give ("true", "false"). */
export function booleanOf(value: unknown, name: string, fallback: boolean): { value: boolean } | { problem: string } {
	if (value === undefined || value === null || value === '') return { value: fallback };
	if (typeof value === 'boolean') return { value };
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { value: value.trim().toLowerCase() === 'true' };
	return { problem: `${name} must be true or false, got ${JSON.stringify(value)}` };
}

/**
 * A whole number within bounds, or undefined when left out (or an expression came out empty).
 * Anything else is refused with the option's name, never clamped or rounded in silence.
 */
export function wholeNumberOf(value: unknown, name: string, min: number, max: number): { value?: number } | { problem: string } {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return {};
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isInteger(n) || n < min || n > max) {
		return { problem: `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}` };
	}
	return { value: n };
}
