// Member validation as Mailchimp applies it: address plausibility, merge-field types and
// formats, interests, GDPR permissions and the compliance rule for re-subscribing.
// Every failure throws the ApiProblem Mailchimp would answer with.
import {
	complianceState,
	fakeEmail,
	invalidResource,
	invalidResourceDetail,
	malformedEmail,
	mergeFieldsInvalid,
} from './problems';
import type { MergeFieldDef } from './seed';
import type { ListState } from './store';
import type { FieldError, MemberMarketingPermission, MemberStatus } from './types';

/** Addresses Mailchimp refuses as "looks fake or invalid". Use e.g. acme-mail.com in tests. */
export const FAKE_DOMAINS = ['example.com', 'example.org', 'example.net', 'test.com'];
export const FAKE_TLDS = ['invalid', 'test', 'example', 'localhost', 'local'];
export const FAKE_LOCAL_PARTS = ['test', 'fake', 'asdf', 'qwerty', 'example', 'dummy', 'noemail'];

/** Returns the address when Mailchimp would accept it; throws 400 Invalid Resource otherwise. */
export function checkEmail(raw: unknown): string {
	if (typeof raw !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(raw)) throw malformedEmail();
	const [local, domain] = raw.toLowerCase().split('@');
	const labels = domain.split('.');
	const tld = labels[labels.length - 1];
	const plausible = labels.length >= 2 && labels.every((l) => /^[a-z0-9-]+$/.test(l) && !l.startsWith('-')) && /^[a-z]{2,}$/.test(tld);
	if (!plausible || FAKE_DOMAINS.includes(domain) || FAKE_TLDS.includes(tld) || FAKE_LOCAL_PARTS.includes(local)) {
		throw fakeEmail(raw);
	}
	return raw;
}

/** Unsubscribed or cleaned contacts may only come back through double opt-in (`pending`). */
export function checkStatusChange(email: string, current: MemberStatus, next: MemberStatus): void {
	if ((current === 'unsubscribed' || current === 'cleaned') && next === 'subscribed') throw complianceState(email);
}

export function checkEmailType(raw: unknown): string {
	if (raw !== 'html' && raw !== 'text') throw invalidResource([{ field: 'email_type', message: 'Value must be one of: html, text' }]);
	return raw;
}

export interface MergeOptions {
	creating: boolean;
	skipRequired: boolean; // ?skip_merge_validation=true
}

type Check = { value: unknown } | { error: string };

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Validates `merge_fields` against the audience's definitions and returns the normalised
 * values to store ('' clears a field). Collects every field error, like Mailchimp.
 */
export function checkMergeFields(list: ListState, input: unknown, opts: MergeOptions): Record<string, unknown> {
	const given = (input ?? {}) as Record<string, unknown>;
	const defs = new Map(list.mergeFields.map((f) => [f.tag, f]));
	const errors: FieldError[] = [];
	const out: Record<string, unknown> = {};
	for (const tag of Object.keys(given)) {
		if (!defs.has(tag)) errors.push({ field: tag, message: `Merge field ${tag} does not exist on this audience.` });
	}
	for (const def of list.mergeFields) {
		const present = Object.prototype.hasOwnProperty.call(given, def.tag);
		let value = given[def.tag];
		if (!present && opts.creating && def.default_value) value = def.default_value;
		if (isBlank(value) || (def.type === 'address' && isBlankAddress(value))) {
			// Required only bites on create (missing or blank) or when an update blanks it.
			if (def.required && !opts.skipRequired && (opts.creating || present)) errors.push({ field: def.tag, message: 'Please enter a value' });
			else if (present) out[def.tag] = '';
			continue;
		}
		const r = checkValue(def, value);
		if ('error' in r) errors.push({ field: def.tag, message: r.error });
		else out[def.tag] = r.value;
	}
	if (errors.length) throw mergeFieldsInvalid(errors);
	return out;
}

function checkValue(def: MergeFieldDef, v: unknown): Check {
	const str = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
	switch (def.type) {
		case 'text':
			return str === undefined ? { error: 'Please enter a value' } : { value: str };
		case 'number':
			if (typeof v === 'number' && Number.isFinite(v)) return { value: v };
			if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return { value: Number(v) };
			return { error: 'Please enter a number' };
		case 'phone':
			if (str === undefined) return { error: 'Please enter a valid phone number' };
			if (def.options.phone_format === 'US' && !/^\(?\d{3}\)?[ -]?\d{3}-?\d{4}$/.test(str.trim())) return { error: 'Please enter a valid phone number' };
			return { value: str };
		case 'date':
		case 'birthday':
			return checkDate(def, str);
		case 'address':
			return checkAddress(v);
		case 'dropdown':
		case 'radio': {
			const choices = def.options.choices ?? [];
			if (typeof v === 'string' && choices.includes(v)) return { value: v };
			// Mailchimp lists the empty choice of a dropdown too.
			const shown = def.type === 'dropdown' ? ['', ...choices] : choices;
			return { error: `Value must be one of: ${shown.join(', ')} (not ${str ?? JSON.stringify(v)})` };
		}
		case 'url':
		case 'imageurl':
			return str !== undefined && /^https?:\/\/[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$/i.test(str.trim())
				? { value: str.trim() }
				: { error: 'Please enter a valid URL' };
		case 'zip':
			return str !== undefined && /^\d{5}$/.test(str.trim()) ? { value: str.trim() } : { error: 'Please enter a zip code (5 digits)' };
	}
}

/** Dates must match the field's date_format exactly (MM/DD/YYYY, DD/MM/YYYY, MM/DD, DD/MM, ...). */
function checkDate(def: MergeFieldDef, str: string | undefined): Check {
	const fallback = def.type === 'birthday' ? 'MM/DD' : 'MM/DD/YYYY';
	const format = (def.options.date_format || fallback).toUpperCase();
	const error = def.type === 'birthday' ? 'Please enter a month (01-12) and a day (01-31)' : 'Please enter the date';
	if (str === undefined) return { error };
	const order: string[] = [];
	const pattern = format.replace(/YYYY|MM|DD|[^A-Z]/g, (tok) => {
		if (tok.length === 1) return `\\${tok}`; // a separator such as / - .
		order.push(tok[0]);
		return tok === 'YYYY' ? '(\\d{4})' : '(\\d{2})';
	});
	const m = new RegExp(`^${pattern}$`).exec(str.trim());
	if (!m) return { error };
	const part = (k: string) => Number(m[order.indexOf(k) + 1]);
	const month = part('M');
	const day = part('D');
	const year = order.includes('Y') ? part('Y') : 2000; // leap year, so 02/29 is a valid birthday
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return { error };
	return { value: str.trim() };
}

const ADDRESS_KEYS = ['addr1', 'addr2', 'city', 'state', 'zip', 'country'] as const;

function isBlankAddress(v: unknown): boolean {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
	return ADDRESS_KEYS.every((k) => isBlank((v as Record<string, unknown>)[k]));
}

/** Object {addr1, addr2?, city, state, zip, country?} or Mailchimp's double-space separated string. */
function checkAddress(v: unknown): Check {
	let a: Record<string, unknown> | undefined;
	if (typeof v === 'string') {
		const p = v.trim().split(/\s{2,}/);
		if (p.length === 4) a = { addr1: p[0], city: p[1], state: p[2], zip: p[3] };
		else if (p.length === 5 && /^[A-Za-z]{2}$/.test(p[4])) a = { addr1: p[0], city: p[1], state: p[2], zip: p[3], country: p[4] };
		else if (p.length === 5) a = { addr1: p[0], addr2: p[1], city: p[2], state: p[3], zip: p[4] };
		else if (p.length === 6) a = { addr1: p[0], addr2: p[1], city: p[2], state: p[3], zip: p[4], country: p[5] };
	} else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
		a = v as Record<string, unknown>;
	}
	const text = (x: unknown) => (typeof x === 'string' ? x.trim() : typeof x === 'number' ? String(x) : '');
	if (!a || ['addr1', 'city', 'state', 'zip'].some((k) => text(a![k]) === '')) return { error: 'Please enter a complete address' };
	return {
		value: {
			addr1: text(a.addr1),
			addr2: text(a.addr2),
			city: text(a.city),
			state: text(a.state),
			zip: text(a.zip),
			country: text(a.country) || 'US', // default_country 164 = United States
		},
	};
}

export function checkInterests(list: ListState, input: unknown): Record<string, boolean> {
	const known = new Set(list.interestCategories.flatMap((c) => c.interests.map((i) => i.id)));
	const out: Record<string, boolean> = {};
	for (const [id, on] of Object.entries((input ?? {}) as Record<string, unknown>)) {
		if (!known.has(id)) throw invalidResourceDetail(`Invalid interest ID: '${id}'.`);
		out[id] = on === true;
	}
	return out;
}

export function checkMarketingPermissions(list: ListState, input: unknown): Array<Pick<MemberMarketingPermission, 'marketing_permission_id' | 'enabled'>> {
	const known = new Set(list.marketingPermissions.map((p) => p.marketing_permission_id));
	const items = (input ?? []) as Array<{ marketing_permission_id?: unknown; enabled?: unknown }>;
	return items.map((p) => {
		const id = String(p.marketing_permission_id ?? '');
		if (!list.marketing_permissions || !known.has(id)) throw invalidResourceDetail(`Invalid marketing permission ID: '${id}'.`);
		return { marketing_permission_id: id, enabled: p.enabled === true };
	});
}

/**
 * Event names: 2–30 characters (Mailchimp's spec: "Must be 2-30 characters in length"), only
 * letters, digits, `_` and `-`. The character rule is not in the spec; it is what integrators
 * document for Mailchimp (e.g. Capitan's help centre) and what Mailchimp's guide recommends
 * (verb_noun with `_`), so the sandbox enforces it rather than let a name through that the real
 * API might refuse.
 */
export const EVENT_NAME_MIN = 2;
export const EVENT_NAME_MAX = 30;
export const EVENT_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

export function checkEventName(name: string): void {
	if (name.length < EVENT_NAME_MIN || name.length > EVENT_NAME_MAX) {
		throw invalidResource([{ field: 'name', message: `Event name must be ${EVENT_NAME_MIN}-${EVENT_NAME_MAX} characters in length.` }]);
	}
	if (!EVENT_NAME_PATTERN.test(name)) {
		throw invalidResource([{ field: 'name', message: 'Event name may contain only letters, numbers, underscores (_) and dashes (-).' }]);
	}
}

/** Notes: at most 1,000 characters (Mailchimp's API reference); a blank note is refused too. */
export const NOTE_MAX_LENGTH = 1000;

export function checkNote(note: string): void {
	if (!note.trim()) throw invalidResource([{ field: 'note', message: 'Please enter a value' }]);
	const length = [...note].length; // characters, not UTF-16 units: an emoji is one
	if (length > NOTE_MAX_LENGTH) {
		throw invalidResource([{ field: 'note', message: `Note must be ${NOTE_MAX_LENGTH} characters or fewer (got ${length}).` }]);
	}
}
