import type { MergeField } from '../transport/types';
import { formatCalendarDate, matchesDateFormat, toCalendarDate } from './dates';

export type Coerced = { value: unknown } | { skip: true } | { problem: string };

const ADDRESS_KEYS: Record<string, string[]> = {
	addr1: ['addr1', 'address1', 'line1', 'street', 'streetAddress', 'address'],
	addr2: ['addr2', 'address2', 'line2'],
	city: ['city', 'town', 'locality'],
	state: ['state', 'region', 'province', 'county'],
	zip: ['zip', 'zipCode', 'postalCode', 'postcode', 'postal_code'],
	country: ['country', 'countryCode', 'country_code'],
};

/** Nothing, or only white space: never sent, so it never blanks what Mailchimp holds. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Turns an item's value into what Mailchimp accepts for the merge field's type, or says why
 * it can't (the caller names the item and field). Blank values are skipped so a missing
 * column never blanks a field Mailchimp already holds. Nothing is guessed: a value that could
 * mean two things is refused.
 */
export function coerceMergeValue(field: MergeField, value: unknown): Coerced {
	if (isBlank(value)) return { skip: true };
	switch (field.type) {
		case 'number':
			return toNumber(value);
		case 'date':
			return toDateString(field, value, field.options?.date_format ?? 'MM/DD/YYYY');
		case 'birthday':
			return toDateString(field, value, field.options?.date_format ?? 'MM/DD');
		case 'address':
			return toAddress(value);
		case 'dropdown':
		case 'radio':
			return toChoice(field, value);
		default:
			return typeof value === 'object' ? { problem: `expects text, got ${kindOf(value)}` } : { value: String(value).trim() };
	}
}

/** Plain decimals, optionally with comma thousands separators in groups of three. */
const DECIMAL = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?$/;

function toNumber(value: unknown): Coerced {
	if (typeof value === 'number') return Number.isFinite(value) ? { value } : { problem: `expects a number, got ${value}` };
	const text = typeof value === 'string' ? value.trim() : '';
	// "12,5" and "1,234" (decimal commas?), "1.234,5", "0x10", "1e3", "Infinity": refused, never guessed.
	// Thousands separators pass where nothing else can be meant: "1,234.5", "1,234,567".
	const commas = text.split(',').length - 1;
	const unambiguous = commas === 0 || commas > 1 || text.includes('.');
	if (!DECIMAL.test(text) || !/\d/.test(text) || !unambiguous) {
		return {
			problem: `expects a number written like 1234.5 or 1,234.5, got ${typeof value === 'string' ? `"${value}"` : kindOf(value)}`,
		};
	}
	return { value: Number(text.replace(/,/g, '')) };
}

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

function toDateString(field: MergeField, value: unknown, format: string): Coerced {
	// Birthdays carry no year, whatever the audience's display format says.
	const dateFormat = field.type === 'birthday' ? format.replace(/[/\-.]?YYYY[/\-.]?/i, '') : format;
	if (typeof value === 'string' && matchesDateFormat(value.trim(), dateFormat)) return { value: value.trim() };
	const date = toCalendarDate(value);
	if (!date) {
		return {
			problem: `expects a date (${dateFormat}, an ISO date such as 1990-05-17, or a Unix time in seconds or milliseconds), got ${
				typeof value === 'object' ? kindOf(value) : `"${String(value)}"`
			}`,
		};
	}
	return { value: formatCalendarDate(date, dateFormat) };
}

function toAddress(value: unknown): Coerced {
	// Mailchimp also takes an address as one string with fields separated by two spaces.
	if (typeof value === 'string') return { value: value.trim() };
	if (typeof value !== 'object' || Array.isArray(value)) return { problem: `expects an address object, got ${kindOf(value)}` };
	const source = value as Record<string, unknown>;
	const address: Record<string, string> = {};
	for (const [key, aliases] of Object.entries(ADDRESS_KEYS)) {
		const found = aliases.map((a) => source[a]).find((v) => !isBlank(v));
		if (found === undefined) continue;
		if (typeof found !== 'string' && typeof found !== 'number') return { problem: `address part "${key}" must be text, got ${kindOf(found)}` };
		address[key] = String(found).trim();
	}
	const missing = ['addr1', 'city', 'state', 'zip'].filter((key) => !address[key]);
	if (missing.length) return { problem: `is an incomplete address: ${missing.join(', ')} missing` };
	return { value: address };
}

function toChoice(field: MergeField, value: unknown): Coerced {
	if (typeof value === 'object') return { problem: `expects one of its choices, got ${kindOf(value)}` };
	const choices = field.options?.choices ?? [];
	const text = String(value).trim();
	const match = choices.find((c) => c.toLowerCase() === text.toLowerCase());
	if (match !== undefined) return { value: match };
	return { problem: `must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got "${text}"` };
}
