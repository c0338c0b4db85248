// Mailchimp's webhook deliveries → one clean JSON item. Pure: no n8n, no I/O.
//
// A delivery is an application/x-www-form-urlencoded POST with `type`, `fired_at`
// ("YYYY-MM-DD HH:MM:SS", UTC) and PHP-style bracketed keys: `data[merges][FNAME]=Ada`.
import { subscriberHash } from '../MailchimpPushContact/helpers/subscriberHash';

/** Deliveries are a few KB; anything past this is not Mailchimp and is refused unread. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Bracket nesting deeper than this is kept as a literal key (no unbounded recursion). */
const MAX_DEPTH = 8;

export const AUDIENCE_EVENTS = ['subscribe', 'unsubscribe', 'profile', 'upemail', 'cleaned', 'campaign'] as const;
export type AudienceEvent = (typeof AUDIENCE_EVENTS)[number];

export const EVENT_SOURCES = ['user', 'admin', 'api'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
	[key: string]: FormValue;
}

export class PayloadTooLargeError extends Error {
	constructor(readonly bytes: number) {
		super(`The request body has ${bytes} bytes; a Mailchimp event has at most ${MAX_PAYLOAD_BYTES}`);
	}
}

/** One event, as the node outputs it. */
export interface AudienceEventItem {
	[key: string]: unknown;
	event: string | null;
	/** ISO 8601, UTC. */
	firedAt: string | null;
	audienceId: string | null;
	email: string | null;
	subscriberHash: string | null;
	memberId: string | null;
	emailType: string | null;
	/** By merge tag; nested values (ADDRESS) as objects. */
	mergeFields: FormObject;
	/** As Mailchimp sends it: the group names, comma-separated. */
	interests: string | null;
	ipOpt: string | null;
	ipSignup: string | null;
}

/**
 * Decodes a form body into nested fields. Bytes are percent-decoded first and then read as
 * UTF-8; a value that is not valid UTF-8 is read as Latin-1 instead of being mangled into U+FFFD.
 * A repeated key keeps its last value (as PHP, whose conventions the format follows); `key[]`
 * appends.
 */
export function parseForm(body: Buffer | string | undefined | null): FormObject {
	const bytes = body === undefined || body === null ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	if (bytes.length > MAX_PAYLOAD_BYTES) throw new PayloadTooLargeError(bytes.length);
	// latin1 maps each byte to one char, so splitting never cuts a multi-byte sequence.
	const text = bytes.toString('latin1');
	const entries: Array<[string, string]> = [];
	for (const pair of text.split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const rawKey = eq < 0 ? pair : pair.slice(0, eq);
		const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
		const key = decodeComponent(rawKey);
		if (key) entries.push([key, decodeComponent(rawValue)]);
	}
	return nestFields(entries);
}

/**
 * The same nesting for a body n8n already parsed (Node's querystring: flat bracketed keys, a
 * repeated key as an array) or that is already nested (JSON).
 */
export function formFromParsedBody(body: unknown): FormObject {
	if (typeof body === 'string' || Buffer.isBuffer(body)) return parseForm(body);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
	const entries: Array<[string, string]> = [];
	const walk = (prefix: string, value: unknown) => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) {
			// querystring's repeated key: the last value wins, as in parseForm.
			if (value.length) walk(prefix, value[value.length - 1]);
			return;
		}
		if (typeof value === 'object') {
			for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(prefix ? `${prefix}[${k}]` : k, v);
			return;
		}
		entries.push([prefix, String(value)]);
	};
	walk('', body);
	return nestFields(entries);
}

/** The node's item for one delivery. Missing fields are null; nothing the event carries is dropped. */
export function toAudienceEvent(form: FormObject): AudienceEventItem {
	const rest: FormObject = { ...form };
	const event = take(rest, 'type');
	const firedAtRaw = take(rest, 'fired_at');
	// Only the nested form is read; a plain `data=…` (not Mailchimp) stays among the other fields.
	const dataNested = isObject(rest.data);
	const data: FormObject = isObject(rest.data) ? { ...rest.data } : {};
	if (dataNested) delete rest.data;

	const merges: FormObject = isObject(data.merges) ? { ...data.merges } : {};
	if (isObject(data.merges)) delete data.merges;
	const interests = take(merges, 'INTERESTS');
	const groupings = merges.GROUPINGS;
	delete merges.GROUPINGS;

	const item: AudienceEventItem = {
		event,
		firedAt: isoUtc(firedAtRaw),
		audienceId: take(data, 'list_id'),
		email: null,
		subscriberHash: null,
		memberId: null,
		emailType: take(data, 'email_type'),
		mergeFields: merges,
		interests,
		ipOpt: take(data, 'ip_opt'),
		ipSignup: take(data, 'ip_signup'),
	};
	if (groupings !== undefined) item.groupings = groupings;

	switch (event) {
		case 'upemail': {
			// The member now has the new address (and, with it, a new id and subscriber hash).
			const oldEmail = take(data, 'old_email');
			const newEmail = take(data, 'new_email');
			item.email = newEmail ?? take(data, 'email');
			item.memberId = take(data, 'new_id') ?? take(data, 'id');
			item.oldEmail = oldEmail;
			item.newEmail = newEmail;
			break;
		}
		case 'campaign':
			item.campaignId = take(data, 'id');
			item.subject = take(data, 'subject');
			item.status = take(data, 'status');
			item.reason = take(data, 'reason');
			break;
		case 'unsubscribe':
			item.email = take(data, 'email');
			item.memberId = take(data, 'id');
			item.action = take(data, 'action');
			item.reason = take(data, 'reason');
			item.campaignId = take(data, 'campaign_id');
			break;
		case 'cleaned':
			item.email = take(data, 'email');
			item.memberId = take(data, 'id');
			item.reason = take(data, 'reason');
			item.campaignId = take(data, 'campaign_id');
			break;
		default:
			item.email = take(data, 'email');
			item.memberId = take(data, 'id');
	}
	item.subscriberHash = item.email ? subscriberHash(item.email) : null;

	// Whatever is left (new fields Mailchimp may add) stays, in its original nesting.
	if (dataNested && Object.keys(data).length) rest.data = data;
	if (firedAtRaw !== null && item.firedAt === null) rest.fired_at = firedAtRaw;
	if (Object.keys(rest).length) item.other = rest;
	return item;
}

/** A raw body straight to the item. */
export function parseAudienceEvent(body: Buffer | string | undefined | null): AudienceEventItem {
	return toAudienceEvent(parseForm(body));
}

/** "2009-03-26 21:35:57" (Mailchimp, UTC) → "2009-03-26T21:35:57.000Z"; ISO input passes; else null. */
export function isoUtc(value: string | null): string | null {
	if (!value) return null;
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
	const date = m
		? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
		: /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())
			? new Date(value.trim())
			: undefined;
	if (!date || Number.isNaN(date.getTime())) return null;
	// Date.UTC rolls 2024-02-31 over into March: only a real calendar date is accepted.
	if (m && (date.getUTCDate() !== +m[3] || date.getUTCHours() !== +m[4])) return null;
	return date.toISOString();
}

const decoderUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeComponent(raw: string): string {
	const s = raw.replace(/\+/g, ' ');
	const bytes: number[] = [];
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
			bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			bytes.push(c & 0xff);
		}
	}
	const buf = Buffer.from(bytes);
	try {
		return decoderUtf8.decode(buf);
	} catch {
		return buf.toString('latin1');
	}
}

/** `a[b][c]` → ['a', 'b', 'c']; `a[]` → ['a', '']; anything malformed is one literal key. */
function keyPath(key: string): string[] {
	const open = key.indexOf('[');
	if (open <= 0 || !key.endsWith(']')) return [key];
	const path = [key.slice(0, open)];
	const rest = key.slice(open);
	const re = /\[([^[\]]*)\]/g;
	let consumed = 0;
	for (let m = re.exec(rest); m; m = re.exec(rest)) {
		if (m.index !== consumed) return [key];
		path.push(m[1]);
		consumed = re.lastIndex;
	}
	if (consumed !== rest.length) return [key];
	// Past MAX_DEPTH the remaining brackets stay in the last key, verbatim.
	if (path.length > MAX_DEPTH) return [...path.slice(0, MAX_DEPTH - 1), path.slice(MAX_DEPTH - 1).map((p) => `[${p}]`).join('')];
	return path;
}

function nestFields(entries: Array<[string, string]>): FormObject {
	const root: FormObject = {};
	for (const [key, value] of entries) {
		const path = keyPath(key);
		let node: FormObject | FormValue[] = root;
		for (let i = 0; i < path.length; i++) {
			const part = path[i];
			if (i === path.length - 1) {
				if (Array.isArray(node)) node.push(value);
				else setOwn(node, part, value);
				break;
			}
			// The next part decides the container: `[]` appends to an array, a name nests an object.
			const wantArray = path[i + 1] === '';
			if (Array.isArray(node)) {
				const child: FormObject | FormValue[] = wantArray ? [] : {};
				node.push(child);
				node = child;
				continue;
			}
			const current: FormValue | undefined = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
			// A later nested key replaces an earlier plain value of the same name (last one wins).
			const next: FormObject | FormValue[] = wantArray ? (Array.isArray(current) ? current : []) : isObject(current) ? current : {};
			if (next !== current) setOwn(node, part, next);
			node = next;
		}
	}
	return root;
}

/** Own data property even for `__proto__` or `constructor`: a key never reaches a prototype. */
function setOwn(target: FormObject, key: string, value: FormValue): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(v: FormValue | undefined): v is FormObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field as text (removed from `from`), or null when missing or not a single value. */
function take(from: FormObject, key: string): string | null {
	if (!Object.prototype.hasOwnProperty.call(from, key)) return null;
	const v = from[key];
	if (typeof v !== 'string') return null;
	delete from[key];
	return v;
}
