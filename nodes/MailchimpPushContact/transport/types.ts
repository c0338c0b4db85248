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
