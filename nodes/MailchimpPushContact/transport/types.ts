/** The parts of Mailchimp's records this package reads. Names follow Mailchimp's API. */
export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';

export interface Audience {
	id: string;
	name: string;
	stats?: { member_count?: number };
	marketing_permissions?: boolean;
	double_optin?: boolean;
}

export type MergeFieldType =
	| 'text'
	| 'number'
	| 'address'
	| 'phone'
	| 'date'
	| 'url'
	| 'imageurl'
	| 'radio'
	| 'dropdown'
	| 'birthday'
	| 'zip';

export interface MergeField {
	tag: string;
	name: string;
	type: MergeFieldType;
	required: boolean;
	display_order?: number;
	help_text?: string;
	options?: { date_format?: string; choices?: string[]; phone_format?: string };
}

export interface Interest {
	id: string;
	name: string;
	/** The interest category's title. */
	category: string;
}

export interface MarketingPermission {
	marketing_permission_id: string;
	text: string;
}

export interface Member {
	id: string;
	email_address: string;
	status: MemberStatus;
	last_changed?: string;
	merge_fields?: Record<string, unknown>;
	tags?: Array<{ id: number; name: string }>;
	marketing_permissions?: Array<MarketingPermission & { enabled: boolean }>;
	// Read by the Get operation (all present on Mailchimp's member record).
	contact_id?: string;
	full_name?: string;
	email_type?: string;
	interests?: Record<string, boolean>;
	language?: string;
	vip?: boolean;
	location?: { latitude?: number; longitude?: number; country_code?: string; timezone?: string; region?: string };
	ip_signup?: string;
	timestamp_signup?: string;
}

/** A member in a PUT / POST / batch-subscribe body. */
export type MemberBody = Record<string, unknown> & { email_address: string };

export interface BatchSubscribeError {
	email_address: string;
	error: string;
	error_code?: string;
	field?: string;
	field_message?: string;
}

export interface BatchSubscribeResult {
	new_members?: Member[];
	updated_members?: Member[];
	errors?: BatchSubscribeError[];
}

export interface SegmentBatchResult {
	members_added?: Array<{ email_address: string }>;
	errors?: Array<{ email_addresses?: string[]; error?: string }>;
	total_added?: number;
	error_count?: number;
}

/** A webhook of an audience (GET/POST /lists/{list_id}/webhooks). */
export interface AudienceWebhook {
	id: string;
	url: string;
	events: Partial<Record<'subscribe' | 'unsubscribe' | 'profile' | 'cleaned' | 'upemail' | 'campaign', boolean>>;
	sources: Partial<Record<'user' | 'admin' | 'api', boolean>>;
	list_id?: string;
}

/** PATCH /lists/{id}/members/{hash}: only what changes (`status`, a new `email_address`, fields). */
export type MemberPatch = Record<string, unknown> & { status?: MemberStatus; email_address?: string };

/** POST /lists/{id}/members/{hash}/events (→ 204). Property values are text; `occurred_at` ISO 8601. */
export interface MemberEventBody {
	name: string;
	properties?: Record<string, string>;
	/** true: no automation or Customer Journey starts on it (back-filling history). */
	is_syncing?: boolean;
	occurred_at?: string;
}

/** The answer of POST /lists/{id}/members/{hash}/notes. */
export interface MemberNote {
	id: number;
	note: string;
	created_at: string;
	created_by?: string;
	updated_at?: string;
	email_id?: string;
	list_id?: string;
}
