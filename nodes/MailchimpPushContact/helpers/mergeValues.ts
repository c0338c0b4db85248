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

/**
 * Turns an item's value into what Mailchimp accepts for the merge field's type, or says why
 * it can't (the caller names the item and field). Empty values are skipped so a missing
 * column never blanks a field Mailchimp already holds.
 */
export function coerceMergeValue(field: MergeField, value: unknown): Coerced {
	if (value === undefined || value === null || value === '') return { skip: true };
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
			return typeof value === 'object' ? { problem: 'expects text, got an object' } : { value: String(value).trim() };
	}
}

function toNumber(value: unknown): Coerced {
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim().replace(/,/g, '')) : NaN;
	return Number.isFinite(n) ? { value: n } : { problem: `expects a number, got "${String(value)}"` };
}

function toDateString(field: MergeField, value: unknown, format: string): Coerced {
	// Birthdays carry no year, whatever the audience's display format says.
	const dateFormat = field.type === 'birthday' ? format.replace(/[/\-.]?YYYY[/\-.]?/i, '') : format;
	if (typeof value === 'string' && matchesDateFormat(value.trim(), dateFormat)) return { value: value.trim() };
	const date = toCalendarDate(value);
	if (!date) {
		return { problem: `expects a date (${dateFormat}, or an ISO date such as 1990-05-17), got "${String(value)}"` };
	}
	return { value: formatCalendarDate(date, dateFormat) };
}

function toAddress(value: unknown): Coerced {
	// Mailchimp also takes an address as one string with fields separated by two spaces.
	if (typeof value === 'string') return { value };
	if (typeof value !== 'object' || Array.isArray(value)) return { problem: 'expects an address object' };
	const source = value as Record<string, unknown>;
	const address: Record<string, string> = {};
	for (const [key, aliases] of Object.entries(ADDRESS_KEYS)) {
		const found = aliases.map((a) => source[a]).find((v) => v !== undefined && v !== null && v !== '');
		if (found !== undefined) address[key] = String(found).trim();
	}
	const missing = ['addr1', 'city', 'state', 'zip'].filter((key) => !address[key]);
	if (missing.length) return { problem: `is an incomplete address: ${missing.join(', ')} missing` };
	return { value: address };
}

function toChoice(field: MergeField, value: unknown): Coerced {
	const choices = field.options?.choices ?? [];
	const text = String(value).trim();
	const match = choices.find((c) => c.toLowerCase() === text.toLowerCase());
	if (match !== undefined) return { value: match };
	return { problem: `must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got "${text}"` };
}
