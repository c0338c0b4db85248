// Mutable sandbox state: accounts → audiences → members, tags-as-static-segments, journeys
// and batches. Tags live only in segments (plus a reverse index), so a tag set by any route
// shows in the member record, GET /segments and tag-search alike.
import { createHash } from 'crypto';
import {
	buildSeed,
	SANDBOX_ACCOUNTS,
	type AccountName,
	type InterestCategoryDef,
	type MergeFieldDef,
	type SeedJourney,
	type SeedList,
	type SeedMember,
} from './seed';
import type { JourneyTrigger, MemberEvent, MemberNote, MemberStatus, SandboxMember } from './types';

export type StoredMember = Omit<SandboxMember, 'tags' | 'tags_count'>;

export interface Segment {
	id: number;
	name: string;
	type: 'static' | 'saved';
	created_at: string;
	updated_at: string;
	members: Set<string>; // subscriber hashes
}

export interface ListState {
	id: string;
	web_id: number;
	name: string;
	date_created: string;
	double_optin: boolean;
	marketing_permissions: boolean;
	company: string;
	from_email: string;
	mergeFields: MergeFieldDef[];
	interestCategories: InterestCategoryDef[];
	marketingPermissions: Array<{ marketing_permission_id: string; text: string }>;
	members: Map<string, StoredMember>; // by subscriber hash, in insertion order
	forgotten: Set<string>; // hashes of permanently deleted addresses
	segments: Map<number, Segment>;
	memberSegments: Map<string, Set<number>>; // reverse index hash → static segment ids
	// Member history is keyed by contact_id, which an e-mail change keeps (the hash changes).
	events: Map<string, MemberEvent[]>;
	notes: Map<string, MemberNote[]>;
	/** Status each archived member had before archiving (contact_id → status), for the compliance rule. */
	archivedFrom: Map<string, MemberStatus>;
}

export interface BatchOperationResult {
	status_code: number;
	operation_id: string | null;
	response: string;
}

export interface BatchState {
	id: string;
	status: 'pending' | 'preprocessing' | 'started' | 'finalizing' | 'finished';
	total_operations: number;
	finished_operations: number;
	errored_operations: number;
	submitted_at: string;
	completed_at: string;
	response_body_url: string;
}

export interface AccountState {
	name: AccountName;
	lists: ListState[];
	journeys: SeedJourney[];
	triggers: JourneyTrigger[];
	batches: Map<string, BatchState>;
	nextSegmentId: number;
	nextWebId: number;
	nextNoteId: number;
}

/** Mailchimp's timestamp style: ISO 8601 with +00:00 and no milliseconds. */
export function mcTime(d: Date = new Date()): string {
	return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function subscriberHash(email: string): string {
	return createHash('md5').update(email.toLowerCase()).digest('hex');
}

/** Ids only need to look like Mailchimp's, not be unguessable; Math.random is much faster for bulk loads. */
export function randomHex(chars: number): string {
	let out = '';
	while (out.length < chars) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
	return out.slice(0, chars);
}

export class Store {
	private accounts = new Map<AccountName, AccountState>();
	/** Result archives of /batches, served at /sandbox-files/<name>. */
	readonly files = new Map<string, Buffer>();
	/** Background work (batch processing); cancelled on reset and close. */
	private timers = new Set<NodeJS.Timeout>();

	constructor() {
		this.reset();
	}

	later(ms: number, fn: () => void): void {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		this.timers.add(t);
	}

	cancelBackgroundWork(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}

	reset(): void {
		this.cancelBackgroundWork();
		this.accounts.clear();
		this.files.clear();
		for (const seed of buildSeed()) {
			const account: AccountState = {
				name: seed.name,
				lists: [],
				journeys: seed.journeys,
				triggers: [],
				batches: new Map(),
				nextSegmentId: seed.name === 'acme' ? 20481 : 51201,
				nextWebId: seed.name === 'acme' ? 318750001 : 529170001,
				nextNoteId: seed.name === 'acme' ? 7301 : 9401,
			};
			for (const l of seed.lists) account.lists.push(this.buildList(account, l));
			this.accounts.set(seed.name, account);
		}
	}

	account(name: string): AccountState {
		const a = this.accounts.get(name as AccountName);
		if (!a) throw new Error(`Unknown sandbox account "${name}" (known: ${Object.keys(SANDBOX_ACCOUNTS).join(', ')})`);
		return a;
	}

	list(account: AccountState, listId: string): ListState | undefined {
		return account.lists.find((l) => l.id === listId);
	}

	/** A member that exists and is not forgotten. */
	member(list: ListState, hash: string): StoredMember | undefined {
		return list.members.get(hash);
	}

	/** A new member record with Mailchimp's defaults; the caller fills in fields and inserts it. */
	newMember(account: AccountState, list: ListState, email: string, status: MemberStatus, now: string): StoredMember {
		const interests: Record<string, boolean> = {};
		for (const c of list.interestCategories) for (const i of c.interests) interests[i.id] = false;
		const member: StoredMember = {
			id: subscriberHash(email),
			email_address: email,
			unique_email_id: randomHex(10),
			contact_id: randomHex(32),
			full_name: '',
			web_id: account.nextWebId++,
			email_type: 'html',
			status,
			merge_fields: {},
			interests,
			stats: { avg_open_rate: 0, avg_click_rate: 0 },
			ip_signup: '',
			timestamp_signup: '',
			ip_opt: '',
			timestamp_opt: status === 'subscribed' ? now : '',
			member_rating: 2,
			last_changed: now,
			language: '',
			vip: false,
			email_client: '',
			location: { latitude: 0, longitude: 0, gmtoff: 0, dstoff: 0, country_code: '', timezone: '', region: '' },
			source: 'API - Generic',
			list_id: list.id,
		};
		if (list.marketing_permissions) {
			member.marketing_permissions = list.marketingPermissions.map((p) => ({ ...p, enabled: false }));
		}
		return member;
	}

	insert(list: ListState, member: StoredMember): void {
		list.forgotten.delete(member.id);
		list.members.set(member.id, member);
	}

	/** PATCH with a new address: the member (and its tags) move to the new hash. */
	rehash(list: ListState, member: StoredMember, email: string): void {
		const oldHash = member.id;
		const newHash = subscriberHash(email);
		list.members.delete(oldHash);
		member.id = newHash;
		member.email_address = email;
		list.members.set(newHash, member);
		const segs = list.memberSegments.get(oldHash);
		if (!segs) return;
		list.memberSegments.delete(oldHash);
		list.memberSegments.set(newHash, segs);
		for (const id of segs) {
			const seg = list.segments.get(id)!;
			seg.members.delete(oldHash);
			seg.members.add(newHash);
		}
	}

	/** Permanent delete: the member, its tags and its history are gone; the address is refused from now on. */
	forget(list: ListState, member: StoredMember, now: string): void {
		for (const t of this.tagsOf(list, member.id)) this.removeFromSegment(list, list.segments.get(t.id)!, member.id, now);
		list.memberSegments.delete(member.id);
		list.members.delete(member.id);
		list.events.delete(member.contact_id);
		list.notes.delete(member.contact_id);
		list.archivedFrom.delete(member.contact_id);
		list.forgotten.add(member.id);
	}

	/** Full record as Mailchimp returns it: every merge tag present, tags from segments. */
	view(list: ListState, m: StoredMember): SandboxMember {
		const merge_fields: Record<string, unknown> = {};
		for (const f of list.mergeFields) merge_fields[f.tag] = m.merge_fields[f.tag] ?? '';
		const tags = this.tagsOf(list, m.id);
		const full_name = [merge_fields.FNAME, merge_fields.LNAME].filter((v) => typeof v === 'string' && v).join(' ');
		// Hand-made deep copy (callers must not reach into state); structuredClone is ~10x slower.
		for (const [k, v] of Object.entries(merge_fields)) if (typeof v === 'object' && v !== null) merge_fields[k] = { ...v };
		const copy: SandboxMember = {
			...m,
			full_name,
			merge_fields,
			interests: { ...m.interests },
			stats: { ...m.stats },
			location: { ...m.location },
			tags_count: tags.length,
			tags,
		};
		if (m.marketing_permissions) copy.marketing_permissions = m.marketing_permissions.map((p) => ({ ...p }));
		return copy;
	}

	tagsOf(list: ListState, hash: string): Array<{ id: number; name: string }> {
		const ids = list.memberSegments.get(hash);
		if (!ids) return [];
		return [...ids].map((id) => ({ id, name: list.segments.get(id)!.name }));
	}

	/** Tag names are matched case-insensitively, like Mailchimp; the first spelling wins. */
	findTag(list: ListState, name: string): Segment | undefined {
		const wanted = name.trim().toLowerCase();
		for (const s of list.segments.values()) if (s.type === 'static' && s.name.toLowerCase() === wanted) return s;
		return undefined;
	}

	ensureTag(account: AccountState, list: ListState, name: string, now: string): Segment {
		const existing = this.findTag(list, name);
		if (existing) return existing;
		const seg: Segment = { id: account.nextSegmentId++, name: name.trim(), type: 'static', created_at: now, updated_at: now, members: new Set() };
		list.segments.set(seg.id, seg);
		return seg;
	}

	addToSegment(list: ListState, seg: Segment, hash: string, now: string): boolean {
		if (seg.members.has(hash)) return false;
		seg.members.add(hash);
		seg.updated_at = now;
		let set = list.memberSegments.get(hash);
		if (!set) list.memberSegments.set(hash, (set = new Set()));
		set.add(seg.id);
		return true;
	}

	removeFromSegment(list: ListState, seg: Segment, hash: string, now: string): boolean {
		if (!seg.members.delete(hash)) return false;
		seg.updated_at = now;
		list.memberSegments.get(hash)?.delete(seg.id);
		return true;
	}

	setTag(account: AccountState, list: ListState, hash: string, name: string, active: boolean, now: string): void {
		if (active) {
			this.addToSegment(list, this.ensureTag(account, list, name, now), hash, now);
		} else {
			const seg = this.findTag(list, name);
			if (seg) this.removeFromSegment(list, seg, hash, now);
		}
	}

	/** sync_tags: the member's tag set becomes exactly `names`. */
	syncTags(account: AccountState, list: ListState, hash: string, names: string[], now: string): void {
		const keep = new Set(names.map((n) => n.trim().toLowerCase()));
		for (const t of this.tagsOf(list, hash)) {
			if (!keep.has(t.name.toLowerCase())) this.removeFromSegment(list, list.segments.get(t.id)!, hash, now);
		}
		for (const n of names) this.setTag(account, list, hash, n, true, now);
	}

	stats(list: ListState): Record<string, number | string> {
		let subscribed = 0;
		let unsubscribed = 0;
		let cleaned = 0;
		let archived = 0;
		for (const m of list.members.values()) {
			if (m.status === 'archived') archived++;
			else if (m.status === 'subscribed') subscribed++;
			else if (m.status === 'unsubscribed') unsubscribed++;
			else if (m.status === 'cleaned') cleaned++;
		}
		return {
			member_count: subscribed,
			total_contacts: list.members.size - archived, // archived contacts no longer count
			unsubscribe_count: unsubscribed,
			cleaned_count: cleaned,
			member_count_since_send: subscribed,
			unsubscribe_count_since_send: unsubscribed,
			cleaned_count_since_send: cleaned,
			campaign_count: 0,
			campaign_last_sent: '',
			merge_field_count: list.mergeFields.length,
			avg_sub_rate: 0,
			avg_unsub_rate: 0,
			target_sub_rate: 0,
			open_rate: 0,
			click_rate: 0,
			last_sub_date: '',
			last_unsub_date: '',
		};
	}

	private buildList(account: AccountState, seed: SeedList): ListState {
		const list: ListState = {
			id: seed.id,
			web_id: seed.web_id,
			name: seed.name,
			date_created: seed.date_created,
			double_optin: seed.double_optin,
			marketing_permissions: seed.marketing_permissions,
			company: seed.company,
			from_email: seed.from_email,
			mergeFields: structuredClone(seed.mergeFields),
			interestCategories: structuredClone(seed.interestCategories),
			marketingPermissions: structuredClone(seed.marketingPermissions),
			members: new Map(),
			forgotten: new Set(seed.forgotten.map(subscriberHash)),
			segments: new Map(),
			memberSegments: new Map(),
			events: new Map(),
			notes: new Map(),
			archivedFrom: new Map(),
		};
		for (const name of seed.savedSegments) {
			const id = account.nextSegmentId++;
			list.segments.set(id, { id, name, type: 'saved', created_at: seed.date_created, updated_at: seed.date_created, members: new Set() });
		}
		for (const sm of seed.members) this.seedMember(account, list, sm);
		return list;
	}

	private seedMember(account: AccountState, list: ListState, sm: SeedMember): void {
		const m = this.newMember(account, list, sm.email, sm.status, sm.since);
		m.unique_email_id = createHash('md5').update(`uid:${sm.email}`).digest('hex').slice(0, 10); // stable across resets
		m.contact_id = createHash('md5').update(`cid:${sm.email}`).digest('hex');
		m.merge_fields = structuredClone(sm.merge_fields);
		m.timestamp_signup = sm.since;
		m.timestamp_opt = sm.status === 'pending' ? '' : sm.since;
		m.ip_signup = '198.51.100.23';
		m.vip = sm.vip ?? false;
		m.language = sm.language ?? '';
		m.member_rating = sm.status === 'subscribed' ? 4 : 2;
		if (sm.status === 'subscribed') m.stats = { avg_open_rate: 0.42, avg_click_rate: 0.07 };
		for (const [id, on] of Object.entries(sm.interests ?? {})) m.interests[id] = on;
		if (m.marketing_permissions && sm.marketing) {
			for (const p of m.marketing_permissions) p.enabled = sm.marketing[p.marketing_permission_id] ?? false;
		}
		this.insert(list, m);
		for (const t of sm.tags ?? []) this.setTag(account, list, m.id, t, true, sm.since);
	}
}
