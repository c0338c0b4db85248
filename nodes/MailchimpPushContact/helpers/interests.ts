import type { Interest } from '../transport/types';

/** Interest ids are 10 hex characters in Mailchimp. */
const INTEREST_ID = /^[0-9a-f]{10}$/i;

/** Values picked in the editor are ids; an expression may also give names or "Category › Name". */
export function parseInterestValues(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : String(value).split(',');
	return list.map((v) => String(v).trim()).filter(Boolean);
}

/** Interest ids are lower-case hex in Mailchimp; one typed in capitals is the same interest. */
export function normalizeInterestId(value: string): string {
	return value.toLowerCase();
}

export const isInterestId = (value: string) => INTEREST_ID.test(value);

/** Resolves names to ids (case-insensitively); returns the values it could not resolve. */
export function resolveInterests(values: string[], interests: Interest[]): { ids: string[]; unknown: string[] } {
	const ids: string[] = [];
	const unknown: string[] = [];
	for (const value of values) {
		const wanted = value.toLowerCase().replace(/\s*[›>]\s*/, ' › ');
		const match = interests.find(
			(i) => i.id.toLowerCase() === value.toLowerCase() || i.name.toLowerCase() === wanted || `${i.category} › ${i.name}`.toLowerCase() === wanted,
		);
		if (match) ids.push(match.id);
		else unknown.push(value);
	}
	return { ids, unknown };
}
