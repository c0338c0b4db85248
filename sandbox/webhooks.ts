// Audience webhooks as Mailchimp runs them: registration (with the validation GET), and
// deliveries — form-encoded POSTs with `type`, `fired_at` and `data[...]` — whenever a member
// changes, to every webhook of the audience whose events and source match.
//
// Changes are found by comparing each audience's members before and after a write (only for
// audiences that have webhooks, so nothing costs anything otherwise). API writes count as
// source `api`; sandbox.admin (the Mailchimp app) as `admin`, or `user` for a person's own action.
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import { invalidResource, notFound } from './problems';
import { mcTime, randomHex, subscriberHash, type AccountState, type ListState, type StoredMember, type Store } from './store';

export const WEBHOOK_EVENTS = ['subscribe', 'unsubscribe', 'profile', 'cleaned', 'upemail', 'campaign'] as const;
export const WEBHOOK_SOURCES = ['user', 'admin', 'api'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

/** The user agents Mailchimp sends: its validator (GET) and its deliveries (POST). */
export const VALIDATOR_USER_AGENT = 'Mailchimp.com WebHook Validator';
export const DELIVERY_USER_AGENT = 'MailChimp';
const HTTP_TIMEOUT_MS = 10_000;

export interface StoredWebhook {
	id: string;
	url: string;
	events: Record<WebhookEvent, boolean>;
	sources: Record<WebhookSource, boolean>;
	list_id: string;
}

/** One POST the sandbox made to a webhook, for tests. The URL's query (the secret) is not kept. */
export interface WebhookDelivery {
	account: string;
	webhookId: string;
	listId: string;
	/** The webhook URL without its query string. */
	url: string;
	type: WebhookEvent;
	source: WebhookSource;
	/** The form body as sent (application/x-www-form-urlencoded). */
	body: string;
	fields: Array<[string, string]>;
	/** HTTP status of the answer; 0 when none arrived. */
	status: number;
}

/** What an admin (or user) change adds that a diff cannot see. */
export interface ChangeHints {
	reason?: string;
	campaignId?: string;
}

interface Seen {
	email: string;
	status: string;
	uniqueId: string;
	fingerprint: string;
	member: StoredMember;
}

interface PendingEvent {
	type: WebhookEvent;
	fields: Array<[string, string]>;
}

/** Per audience: its webhooks and the members as deliveries last saw them. Reset with the audience. */
const webhooksOf = new WeakMap<ListState, StoredWebhook[]>();
const seenOf = new WeakMap<ListState, Map<string, Seen>>();

export class WebhookDeliveries {
	readonly log: WebhookDelivery[] = [];
	private readonly pending = new Set<Promise<void>>();
	/** The audience each delivery was for: a reset replaces audiences, and so forgets their deliveries. */
	private readonly listOf = new WeakMap<WebhookDelivery, ListState>();

	record(entry: WebhookDelivery, list: ListState): void {
		this.log.push(entry);
		this.listOf.set(entry, list);
	}

	/** Deliveries since the last reset, oldest first. */
	current(store: Store): WebhookDelivery[] {
		const live = (d: WebhookDelivery) => {
			const list = this.listOf.get(d);
			return !!list && store.account(d.account).lists.includes(list);
		};
		const keep = this.log.filter(live);
		this.log.splice(0, this.log.length, ...keep);
		return keep;
	}

	/** Resolves when every delivery started so far has been answered (or failed). */
	async settled(): Promise<void> {
		while (this.pending.size) await Promise.all([...this.pending]);
	}

	track(p: Promise<void>): void {
		this.pending.add(p);
		void p.finally(() => this.pending.delete(p));
	}
}

/** One per Store (a sandbox), created on first use. */
const deliveriesOf = new WeakMap<Store, WebhookDeliveries>();
export function deliveries(store: Store): WebhookDeliveries {
	let d = deliveriesOf.get(store);
	if (!d) deliveriesOf.set(store, (d = new WebhookDeliveries()));
	return d;
}

export function listWebhooks(list: ListState): StoredWebhook[] {
	return webhooksOf.get(list) ?? [];
}

function withoutQuery(url: string): string {
	const u = new URL(url);
	u.search = '';
	u.hash = '';
	return u.toString();
}

export interface WebhookInput {
	url?: unknown;
	events?: unknown;
	sources?: unknown;
}

function flags<K extends string>(field: string, keys: readonly K[], value: unknown, base: Record<K, boolean>): Record<K, boolean> {
	if (value === undefined) return base;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidResource([{ field, message: 'Schema describes object, ' + (Array.isArray(value) ? 'array' : typeof value) + ' found instead' }]);
	}
	const out = { ...base };
	for (const [k, v] of Object.entries(value)) {
		if (!(keys as readonly string[]).includes(k)) throw invalidResource([{ field: `${field}.${k}`, message: 'Unknown property' }]);
		if (typeof v !== 'boolean') throw invalidResource([{ field: `${field}.${k}`, message: `Schema describes boolean, ${typeof v} found instead` }]);
		out[k as K] = v;
	}
	return out;
}

function checkUrl(url: unknown): string {
	if (typeof url !== 'string' || !url.trim()) throw invalidResource([{ field: 'url', message: 'This value should not be blank.' }]);
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw invalidResource([{ field: 'url', message: 'Invalid URL' }]);
	}
	if (!['http:', 'https:'].includes(parsed.protocol)) throw invalidResource([{ field: 'url', message: 'Invalid URL' }]);
	return url;
}

/** GET the URL like Mailchimp's validator; its status, 0 when no answer came. */
function httpCall(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<number> {
	return new Promise((resolve) => {
		const target = new URL(url);
		const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
		const req = send(target, { method, headers, timeout: HTTP_TIMEOUT_MS }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
			res.on('error', () => resolve(res.statusCode ?? 0));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
		req.end(body);
	});
}

/**
 * Mailchimp refuses a webhook whose URL does not answer its GET with 2xx. The wording is from
 * real answers ("We couldn't verify the URL is working. Please double check and try again.
 * HTTP Code: 400", mailchimp/mailchimp-client-lib-codegen#11 and others).
 */
async function validateUrl(url: string): Promise<void> {
	const status = await httpCall(url, 'GET', { 'User-Agent': VALIDATOR_USER_AGENT });
	if (status < 200 || status > 299) {
		throw invalidResource([
			{ field: 'url', message: `We couldn't verify the URL is working. Please double check and try again. HTTP Code: ${status}` },
		]);
	}
}

/**
 * Mailchimp does not allow two webhooks with the same URL on an audience, even when only the
 * query differs (reported in mailchimp/mailchimp-client-lib-codegen#11); the exact wording of
 * its answer is not documented, this one is the sandbox's.
 */
function rejectDuplicate(list: ListState, url: string, except?: string): void {
	const base = withoutQuery(url);
	if (listWebhooks(list).some((w) => w.id !== except && withoutQuery(w.url) === base)) {
		throw invalidResource([{ field: 'url', message: 'A webhook with this URL already exists for this list.' }]);
	}
}

export async function createWebhook(list: ListState, input: WebhookInput): Promise<StoredWebhook> {
	const url = checkUrl(input.url);
	const noEvents = Object.fromEntries(WEBHOOK_EVENTS.map((e) => [e, false])) as Record<WebhookEvent, boolean>;
	const noSources = Object.fromEntries(WEBHOOK_SOURCES.map((s) => [s, false])) as Record<WebhookSource, boolean>;
	const events = flags('events', WEBHOOK_EVENTS, input.events, noEvents);
	const sources = flags('sources', WEBHOOK_SOURCES, input.sources, noSources);
	rejectDuplicate(list, url);
	await validateUrl(url);
	rejectDuplicate(list, url); // again: another registration may have finished during the GET
	const hook: StoredWebhook = { id: randomHex(10), url, events, sources, list_id: list.id };
	let hooks = webhooksOf.get(list);
	if (!hooks) webhooksOf.set(list, (hooks = []));
	hooks.push(hook);
	// From now on this audience's members are watched: start from their current state.
	seenOf.set(list, snapshot(list));
	return hook;
}

export async function updateWebhook(list: ListState, hook: StoredWebhook, input: WebhookInput): Promise<StoredWebhook> {
	const url = input.url === undefined ? hook.url : checkUrl(input.url);
	const events = flags('events', WEBHOOK_EVENTS, input.events, hook.events);
	const sources = flags('sources', WEBHOOK_SOURCES, input.sources, hook.sources);
	if (url !== hook.url) {
		rejectDuplicate(list, url, hook.id);
		await validateUrl(url);
	}
	Object.assign(hook, { url, events, sources });
	return hook;
}

export function findWebhook(list: ListState, id: string): StoredWebhook | undefined {
	return listWebhooks(list).find((w) => w.id === id);
}

export function deleteWebhook(list: ListState, id: string): boolean {
	const hooks = listWebhooks(list);
	const i = hooks.findIndex((w) => w.id === id);
	if (i < 0) return false;
	hooks.splice(i, 1);
	if (!hooks.length) seenOf.delete(list);
	return true;
}

// --- change detection ---

function fingerprint(m: StoredMember): string {
	return JSON.stringify([m.email_type, m.merge_fields, m.interests]);
}

function snapshot(list: ListState): Map<string, Seen> {
	const seen = new Map<string, Seen>();
	for (const m of list.members.values()) {
		seen.set(m.contact_id, {
			email: m.email_address,
			status: m.status,
			uniqueId: m.unique_email_id,
			fingerprint: fingerprint(m),
			member: structuredClone(m),
		});
	}
	return seen;
}

const watched = (account: AccountState) => account.lists.filter((l) => listWebhooks(l).length > 0);

/**
 * Runs a write and delivers what it changed. Nested calls (a /batches operation inside a batch)
 * deliver once: each compares with the state the previous delivery left.
 */
export async function watchMemberChanges<T>(
	store: Store,
	account: AccountState,
	source: WebhookSource,
	write: () => T | Promise<T>,
	hints: ChangeHints = {},
): Promise<T> {
	const lists = watched(account);
	if (!lists.length) return write();
	// Changes made outside any watched write (direct test loads) are not events: absorb them.
	for (const list of lists) seenOf.set(list, snapshot(list));
	const result = await write();
	deliverChanges(store, account, source, hints);
	return result;
}

/** Compares every watched audience with what was last seen, and posts the differences. */
export function deliverChanges(store: Store, account: AccountState, source: WebhookSource, hints: ChangeHints = {}): void {
	for (const list of watched(account)) {
		const before = seenOf.get(list) ?? new Map<string, Seen>();
		const after = snapshot(list);
		seenOf.set(list, after);
		const events: PendingEvent[] = [];
		for (const [contactId, now] of after) {
			const was = before.get(contactId);
			events.push(...eventsFor(list, was, now, hints));
		}
		for (const [contactId, was] of before) {
			// Permanently deleted: Mailchimp reports an unsubscribe with action "delete".
			if (!after.has(contactId) && was.status !== 'archived') {
				events.push(unsubscribeEvent(list, was.member, 'delete', hints));
			}
		}
		for (const e of events) post(store, account, list, source, e);
	}
}

function eventsFor(list: ListState, was: Seen | undefined, now: Seen, hints: ChangeHints): PendingEvent[] {
	const m = now.member;
	if (!was) return m.status === 'subscribed' ? [memberEvent('subscribe', list, m)] : [];
	const out: PendingEvent[] = [];
	if (was.email.toLowerCase() !== now.email.toLowerCase()) {
		out.push({
			type: 'upemail',
			fields: [
				['data[list_id]', list.id],
				['data[new_id]', m.unique_email_id],
				['data[new_email]', m.email_address],
				['data[old_email]', was.email],
			],
		});
	}
	if (was.status !== now.status) {
		if (now.status === 'subscribed') out.push(memberEvent('subscribe', list, m));
		else if (now.status === 'unsubscribed') out.push(unsubscribeEvent(list, m, 'unsub', hints));
		// Archiving is what the app used to call "delete".
		else if (now.status === 'archived') out.push(unsubscribeEvent(list, m, 'delete', hints));
		else if (now.status === 'cleaned') {
			const e = memberEvent('cleaned', list, m, false);
			e.fields.push(['data[reason]', hints.reason ?? 'hard']);
			if (hints.campaignId) e.fields.push(['data[campaign_id]', hints.campaignId]);
			out.push(e);
		}
	} else if (was.fingerprint !== now.fingerprint && now.status !== 'archived') {
		out.push(memberEvent('profile', list, m));
	}
	return out;
}

function unsubscribeEvent(list: ListState, m: StoredMember, action: 'unsub' | 'delete', hints: ChangeHints): PendingEvent {
	const e = memberEvent('unsubscribe', list, m);
	e.fields.push(['data[action]', action], ['data[reason]', hints.reason ?? 'manual']);
	if (hints.campaignId) e.fields.push(['data[campaign_id]', hints.campaignId]);
	return e;
}

/** The member part Mailchimp sends with subscribe, unsubscribe, profile and cleaned. */
function memberEvent(type: WebhookEvent, list: ListState, m: StoredMember, withMerges = true): PendingEvent {
	const fields: Array<[string, string]> = [
		['data[id]', m.unique_email_id],
		['data[list_id]', list.id],
		['data[email]', m.email_address],
		['data[email_type]', m.email_type],
	];
	if (withMerges) {
		fields.push(['data[merges][EMAIL]', m.email_address]);
		for (const f of list.mergeFields) {
			const v = m.merge_fields[f.tag];
			if (v !== null && typeof v === 'object') {
				for (const [k, part] of Object.entries(v as Record<string, unknown>)) fields.push([`data[merges][${f.tag}][${k}]`, String(part ?? '')]);
			} else {
				fields.push([`data[merges][${f.tag}]`, v === undefined || v === null ? '' : String(v)]);
			}
		}
		const groups = list.interestCategories.flatMap((c) => c.interests.filter((i) => m.interests[i.id]).map((i) => i.name));
		fields.push(['data[merges][INTERESTS]', groups.join(', ')]);
		fields.push(['data[ip_opt]', m.ip_opt], ['data[ip_signup]', m.ip_signup]);
	}
	fields.push(['data[web_id]', String(m.web_id)]);
	return { type, fields };
}

/** "YYYY-MM-DD HH:MM:SS", UTC, as Mailchimp writes fired_at. */
export function firedAt(d: Date = new Date()): string {
	return d.toISOString().slice(0, 19).replace('T', ' ');
}

function encode(fields: Array<[string, string]>): string {
	return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.replace(/%20/g, '+')).join('&');
}

function post(store: Store, account: AccountState, list: ListState, source: WebhookSource, e: PendingEvent): void {
	const log = deliveries(store);
	for (const hook of listWebhooks(list)) {
		if (!hook.events[e.type] || !hook.sources[source]) continue;
		const fields: Array<[string, string]> = [['type', e.type], ['fired_at', firedAt()], ...e.fields];
		const body = encode(fields);
		const entry: WebhookDelivery = { account: account.name, webhookId: hook.id, listId: list.id, url: withoutQuery(hook.url), type: e.type, source, body, fields, status: 0 };
		log.record(entry, list);
		log.track(
			httpCall(hook.url, 'POST', {
				'User-Agent': DELIVERY_USER_AGENT,
				'Content-Type': 'application/x-www-form-urlencoded',
				'Content-Length': String(Buffer.byteLength(body)),
			}, body).then((status) => {
				entry.status = status;
			}),
		);
	}
}

// --- the Mailchimp app: changes made by an admin (or by the person), which fire `admin` / `user` ---

export interface AdminOptions extends ChangeHints {
	/** Who made the change: someone in the app (default) or the contact themselves. */
	source?: 'admin' | 'user';
}

export interface SandboxAdmin {
	/** Adds the address as subscribed, or subscribes an existing member again. */
	subscribe(account: string, listId: string, email: string, mergeFields?: Record<string, unknown>, o?: AdminOptions): Promise<WebhookDelivery[]>;
	unsubscribe(account: string, listId: string, email: string, o?: AdminOptions): Promise<WebhookDelivery[]>;
	updateProfile(
		account: string,
		listId: string,
		email: string,
		change: { mergeFields?: Record<string, unknown>; interests?: Record<string, boolean>; emailType?: 'html' | 'text' },
		o?: AdminOptions,
	): Promise<WebhookDelivery[]>;
	changeEmail(account: string, listId: string, oldEmail: string, newEmail: string, o?: AdminOptions): Promise<WebhookDelivery[]>;
	/** A bounce (reason "hard") or an abuse report ("abuse"): the member is cleaned. */
	clean(account: string, listId: string, email: string, o?: AdminOptions & { reason?: 'hard' | 'abuse' }): Promise<WebhookDelivery[]>;
}

export function sandboxAdmin(store: Store): SandboxAdmin {
	const target = (accountName: string, listId: string) => {
		const account = store.account(accountName);
		const list = store.list(account, listId);
		if (!list) throw new Error(`Sandbox account "${accountName}" has no audience "${listId}"`);
		return { account, list };
	};
	const memberOf = (list: ListState, email: string) => {
		const m = store.member(list, subscriberHash(email));
		if (!m) throw notFound();
		return m;
	};
	/** Applies the change as the app would and returns the deliveries it caused, once answered. */
	const change = async (accountName: string, listId: string, o: AdminOptions, apply: (list: ListState, account: AccountState, now: string) => void) => {
		const { account, list } = target(accountName, listId);
		const log = deliveries(store);
		const before = new Set(log.log);
		await watchMemberChanges(store, account, o.source ?? 'admin', () => apply(list, account, mcTime()), o);
		await log.settled();
		return log.log.filter((d) => !before.has(d));
	};
	return {
		subscribe: (accountName, listId, email, mergeFields = {}, o = {}) =>
			change(accountName, listId, o, (list, account, now) => {
				const existing = store.member(list, subscriberHash(email));
				const m = existing ?? store.newMember(account, list, email, 'subscribed', now);
				Object.assign(m.merge_fields, mergeFields);
				m.status = 'subscribed';
				m.timestamp_opt = now;
				m.last_changed = now;
				if (!existing) store.insert(list, m);
			}),
		unsubscribe: (accountName, listId, email, o = {}) =>
			change(accountName, listId, o, (list, _account, now) => {
				const m = memberOf(list, email);
				m.status = 'unsubscribed';
				m.last_changed = now;
			}),
		updateProfile: (accountName, listId, email, c, o = {}) =>
			change(accountName, listId, o, (list, _account, now) => {
				const m = memberOf(list, email);
				Object.assign(m.merge_fields, c.mergeFields ?? {});
				Object.assign(m.interests, c.interests ?? {});
				if (c.emailType) m.email_type = c.emailType;
				m.last_changed = now;
			}),
		changeEmail: (accountName, listId, oldEmail, newEmail, o = {}) =>
			change(accountName, listId, o, (list, _account, now) => {
				const m = memberOf(list, oldEmail);
				if (store.member(list, subscriberHash(newEmail))) throw new Error(`${newEmail} is already a member`);
				store.rehash(list, m, newEmail);
				m.unique_email_id = randomHex(10);
				m.last_changed = now;
			}),
		clean: (accountName, listId, email, o = {}) =>
			change(accountName, listId, o, (list, _account, now) => {
				const m = memberOf(list, email);
				m.status = 'cleaned';
				m.last_changed = now;
			}),
	};
}
