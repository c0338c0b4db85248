// Shared shapes of the sandbox: the public interface other code depends on, plus the
// member record that mirrors Mailchimp's `GET /lists/{id}/members/{hash}` body.

/** `archived` is only ever set by archiving (DELETE member); no write body may send it, as at Mailchimp. */
export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';

export interface MemberLocation {
	latitude: number;
	longitude: number;
	gmtoff: number;
	dstoff: number;
	country_code: string;
	timezone: string;
	region: string;
}

export interface MemberMarketingPermission {
	marketing_permission_id: string;
	text: string;
	enabled: boolean;
}

export interface SandboxMember {
	id: string; // subscriber hash: MD5 of the lower-cased address
	email_address: string;
	unique_email_id: string;
	contact_id: string;
	full_name: string;
	web_id: number;
	email_type: string;
	status: MemberStatus;
	merge_fields: Record<string, unknown>;
	interests: Record<string, boolean>;
	stats: { avg_open_rate: number; avg_click_rate: number };
	ip_signup: string;
	timestamp_signup: string;
	ip_opt: string;
	timestamp_opt: string;
	member_rating: number;
	last_changed: string;
	language: string;
	vip: boolean;
	email_client: string;
	location: MemberLocation;
	marketing_permissions?: MemberMarketingPermission[]; // only on GDPR audiences, like Mailchimp
	source: string;
	tags_count: number;
	tags: Array<{ id: number; name: string }>;
	list_id: string;
}

export interface FaultOptions {
	rate429?: number;
	rate5xx?: number;
	rateDrop?: number;
	rateLostResponse?: number;
	onlyMethods?: string[];
	/** Only requests whose path (after /3.0) contains this. */
	onlyPath?: string;
}

export interface LatencyOptions {
	perRequestMs: number;
	perMemberMs: number;
}

export interface SandboxOptions {
	port?: number;
	latency?: LatencyOptions;
	maxConnectionsPerAccount?: number;
	faults?: FaultOptions;
	seed?: number;
}

export type FaultKind = '429' | '500' | '503' | 'drop' | 'lostResponse';

export interface RecordedRequest {
	account?: string;
	method: string;
	path: string; // full URL path without the query, e.g. /3.0/lists/b7e2a91c4d/members
	query: Record<string, string>;
	body?: unknown;
	status: number; // 0 when the socket was destroyed before anything was applied
	startedAt: number;
	endedAt: number;
	fault?: FaultKind;
}

export interface FieldError {
	field: string;
	message: string;
}

export interface ContractViolation {
	method: string;
	path: string;
	errors: FieldError[];
}

export interface JourneyTrigger {
	journeyId: number | string;
	stepId: number | string;
	email: string;
}

/** A member event as `GET /lists/{id}/members/{hash}/events` lists it. */
export interface MemberEvent {
	name: string;
	properties: Record<string, string>;
	occurred_at: string;
	is_syncing: boolean;
}

/** A member note as `POST /lists/{id}/members/{hash}/notes` answers it. */
export interface MemberNote {
	id: number;
	created_at: string;
	created_by: string;
	updated_at: string;
	note: string;
	list_id: string;
	email_id: string;
	contact_id: string;
}
