import ApiClient from '@mailchimp/mailchimp_marketing/src/ApiClient';

import {
	apiKeyConnection,
	checkHeaderSafe,
	ConnectionError,
	dataCenterFromApiEndpoint,
	loginOrigin,
	oAuth2Connection,
	type ApiKeyCredential,
	type Connection,
} from './connection';
import { toMailchimpError } from './errors';
import { accountWindow, MAILCHIMP_CONNECTION_LIMIT, Semaphore } from './limiter';
import { DEFAULT_RETRY, withRetries, type Attempted, type RetryPolicy } from './retry';
import type {
	Audience,
	AudienceWebhook,
	BatchSubscribeResult,
	Interest,
	MarketingPermission,
	Member,
	MemberBody,
	MemberEventBody,
	MemberNote,
	MemberPatch,
	MemberStatus,
	MergeField,
	SegmentBatchResult,
} from './types';

/** Mailchimp's collections default to 10 items; 1000 is the most one page may hold. */
const PAGE_SIZE = 1000;

/**
 * Per attempt. The SDK's own 120 s is longer than the whole retry budget (90 s), so a request
 * that hangs would never be retried; at 60 s a second attempt still starts within the budget.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

export interface ClientOptions {
	/** Requests this client keeps in flight at once (1–10); the account-wide limit still applies. */
	maxConcurrency?: number;
	retry?: RetryPolicy;
	/** Per attempt (default 60 s). */
	timeoutMs?: number;
}

/**
 * The only door to Mailchimp. Each execution builds its own client from its own credential:
 * the SDK's default export is a module-global singleton whose config two concurrent
 * executions would overwrite, so a fresh `ApiClient` instance is used instead.
 */
export class MailchimpClient {
	private readonly sdk: ApiClient;
	/** For the writes that must never be sent twice: a connection of their own, never a reused one. */
	private readonly sdkOnce: ApiClient;
	private readonly slots: Semaphore;
	private readonly retry: RetryPolicy;

	private constructor(private readonly connection: Connection, options: ClientOptions) {
		this.sdk = newSdkClient(connection.basePath, connection.authorization, options.timeoutMs);
		reuseConnections(this.sdk);
		this.sdkOnce = newSdkClient(connection.basePath, connection.authorization, options.timeoutMs);
		const concurrency = Math.min(MAILCHIMP_CONNECTION_LIMIT, Math.max(1, options.maxConcurrency ?? MAILCHIMP_CONNECTION_LIMIT));
		this.slots = new Semaphore(concurrency);
		this.retry = options.retry ?? DEFAULT_RETRY;
	}

	static forApiKey(credential: ApiKeyCredential, options: ClientOptions = {}): MailchimpClient {
		return new MailchimpClient(apiKeyConnection(credential), options);
	}

	/** OAuth2 tokens carry no data center: Mailchimp's metadata endpoint tells it (once per client). */
	static async forOAuth2(accessToken: string | undefined, options: ClientOptions = {}): Promise<MailchimpClient> {
		accessToken = accessToken?.trim();
		if (!accessToken) throw new ConnectionError('The OAuth2 credential is not connected yet: sign in to Mailchimp first');
		checkHeaderSafe(accessToken, 'OAuth access token');
		const metadataClient = newSdkClient(loginOrigin(), `OAuth ${accessToken}`);
		const { value } = await withRetries(
			// (A content type must be given: the SDK's fallback path references an undefined helper.)
			() => metadataClient.callApi('/oauth2/metadata', 'GET', {}, {}, {}, {}, null, [], ['application/json'], ['application/json'], Object),
			options.retry ?? DEFAULT_RETRY,
		);
		const metadata = (value.data ?? {}) as { dc?: unknown; api_endpoint?: unknown };
		const dc = dataCenterFromApiEndpoint(metadata.api_endpoint, metadata.dc);
		return new MailchimpClient(oAuth2Connection(accessToken, dc), options);
	}

	async ping(): Promise<void> {
		await this.call(() => this.sdk.ping.get());
	}

	async audiences(): Promise<Audience[]> {
		return this.allPages('lists', (offset) =>
			this.sdk.lists.getAllLists({
				count: PAGE_SIZE,
				offset,
				fields: ['lists.id', 'lists.name', 'lists.stats.member_count', 'lists.marketing_permissions', 'total_items'],
			}),
		);
	}

	async mergeFields(audienceId: string): Promise<MergeField[]> {
		const fields = await this.allPages<MergeField>('merge_fields', (offset) =>
			this.sdk.lists.getListMergeFields(audienceId, { count: PAGE_SIZE, offset }),
		);
		return fields.sort((a, b) => (a.display_order ?? 0) - (b.display_order ?? 0));
	}

	async audience(audienceId: string): Promise<Audience> {
		return (await this.call(() =>
			this.sdk.lists.getList(audienceId, { fields: ['id', 'name', 'marketing_permissions', 'double_optin'] }),
		)) as Audience;
	}

	/** Interest groups as "Category › Interest", every category and interest paged through. */
	async interests(audienceId: string): Promise<Interest[]> {
		const categories = await this.allPages<{ id: string; title: string }>('categories', (offset) =>
			this.sdk.lists.getListInterestCategories(audienceId, { count: PAGE_SIZE, offset }),
		);
		const perCategory = await Promise.all(
			categories.map(async (category) =>
				(
					await this.allPages<{ id: string; name: string }>('interests', (offset) =>
						this.sdk.lists.listInterestCategoryInterests(audienceId, category.id, { count: PAGE_SIZE, offset }),
					)
				).map((interest) => ({ id: interest.id, name: interest.name, category: category.title })),
			),
		);
		return perCategory.flat();
	}

	/**
	 * GDPR marketing permissions have no endpoint of their own: they are read from a member
	 * record. Empty for audiences without GDPR fields (or without members yet).
	 */
	async marketingPermissions(audienceId: string): Promise<MarketingPermission[]> {
		const page = (await this.call(() =>
			this.sdk.lists.getListMembersInfo(audienceId, { count: 1, fields: ['members.marketing_permissions'] }),
		)) as { members?: Array<{ marketing_permissions?: MarketingPermission[] }> };
		return (page.members?.[0]?.marketing_permissions ?? []).map(({ marketing_permission_id, text }) => ({
			marketing_permission_id,
			text,
		}));
	}

	/**
	 * The member, or undefined when the address is not in the audience. `excludeFields` trims the
	 * answer (Get drops `_links`, most of a member record's bytes).
	 */
	async getMember(audienceId: string, hash: string, excludeFields?: string[]): Promise<Member | undefined> {
		try {
			return (await this.call(() => this.sdk.lists.getListMember(audienceId, hash, excludeFields ? { excludeFields } : undefined))) as Member;
		} catch (error) {
			const problem = toMailchimpError(error);
			if (problem.status === 404) return undefined;
			throw problem;
		}
	}

	/** Create only: Mailchimp answers "Member Exists" for a known address. */
	async addMember(audienceId: string, body: MemberBody, skipMergeValidation: boolean): Promise<Attempted<Member>> {
		return this.attempt(() =>
			this.sdk.lists.addListMember(audienceId, body, { skip_merge_validation: skipMergeValidation || undefined }),
		) as Promise<Attempted<Member>>;
	}

	/** Upsert by subscriber hash (idempotent). */
	async setMember(audienceId: string, hash: string, body: MemberBody, skipMergeValidation: boolean): Promise<Member> {
		return (await this.call(() =>
			this.sdk.lists.setListMember(audienceId, hash, body, { skip_merge_validation: skipMergeValidation || undefined }),
		)) as Member;
	}

	/** Tags are not part of the member PUT; this endpoint sets (and removes) them on any member. */
	async setTags(audienceId: string, hash: string, add: string[], remove: string[] = []): Promise<void> {
		await this.call(() =>
			this.sdk.lists.updateListMemberTags(audienceId, hash, {
				tags: [
					...add.map((name) => ({ name, status: 'active' })),
					...remove.map((name) => ({ name, status: 'inactive' })),
				],
			}),
		);
	}

	/**
	 * Batch subscribe (≤ 500 members). With update_existing false it only creates; with true it
	 * also updates existing members, applying each member's `status`.
	 */
	async batchSubscribe(
		audienceId: string,
		members: MemberBody[],
		skipMergeValidation: boolean,
		updateExisting = false,
	): Promise<Attempted<BatchSubscribeResult>> {
		return this.attempt(() =>
			this.sdk.lists.batchListMembers(
				audienceId,
				{ members, update_existing: updateExisting },
				{ skip_merge_validation: skipMergeValidation || undefined },
			),
		) as Promise<Attempted<BatchSubscribeResult>>;
	}

	/** One page (1,000) of the ids and statuses of the members in one status, with how many there are. */
	async memberStatusPage(audienceId: string, status: MemberStatus, offset: number): Promise<{ members: Array<Pick<Member, 'id' | 'status'>>; total: number }> {
		const page = (await this.call(() =>
			this.sdk.lists.getListMembersInfo(audienceId, {
				status,
				count: PAGE_SIZE,
				offset,
				fields: ['members.id', 'members.status', 'total_items'],
			}),
		)) as { members?: Array<Pick<Member, 'id' | 'status'>>; total_items?: number };
		return { members: page.members ?? [], total: page.total_items ?? 0 };
	}

	/** How many members have this status, in one small request. */
	async countMembers(audienceId: string, status: MemberStatus): Promise<number> {
		const page = (await this.call(() =>
			this.sdk.lists.getListMembersInfo(audienceId, { status, count: 1, fields: ['total_items'] }),
		)) as { total_items?: number };
		return page.total_items ?? 0;
	}

	/** Tags are static segments: the one named so, if any. */
	async staticSegments(audienceId: string): Promise<Array<{ id: number; name: string }>> {
		return this.allPages('segments', (offset) =>
			this.sdk.lists.listSegments(audienceId, {
				type: 'static',
				count: PAGE_SIZE,
				offset,
				fields: ['segments.id', 'segments.name', 'total_items'],
			}),
		);
	}

	async createStaticSegment(audienceId: string, name: string): Promise<{ id: number; name: string }> {
		return (await this.call(() => this.sdk.lists.createSegment(audienceId, { name, static_segment: [] }))) as {
			id: number;
			name: string;
		};
	}

	/** Adds or removes up to 500 members to or from a static segment (tags them) in one call. */
	async updateSegment(
		audienceId: string,
		segmentId: number,
		change: { members_to_add?: string[]; members_to_remove?: string[] },
	): Promise<SegmentBatchResult> {
		return (await this.call(() => this.sdk.lists.batchSegmentMembers(change, audienceId, String(segmentId)))) as SegmentBatchResult;
	}

	/**
	 * Starts a Customer Journey at its API starting point for one contact. Not idempotent (a
	 * second trigger is a second welcome e-mail), so only a 429 is retried.
	 */
	async triggerJourney(journeyId: string, stepId: string, email: string): Promise<void> {
		await this.attempt(() => this.sdkOnce.customerJourneys.trigger(journeyId, stepId, { email_address: email }), false);
	}

	// --- Audience webhooks (Mailchimp Audience Trigger) ---

	/** Every webhook of the audience (Mailchimp answers with all of them at once, unpaged). */
	async webhooks(audienceId: string): Promise<AudienceWebhook[]> {
		const answer = (await this.call(() => this.sdk.lists.getListWebhooks(audienceId))) as {
			webhooks?: AudienceWebhook[];
		};
		return answer.webhooks ?? [];
	}

	/**
	 * Mailchimp first GETs the URL and refuses the webhook unless it answers 2xx. Not idempotent
	 * (a retried POST whose answer was lost would leave a second webhook), so only a 429 is retried.
	 */
	async createWebhook(
		audienceId: string,
		body: Pick<AudienceWebhook, 'url' | 'events' | 'sources'>,
	): Promise<AudienceWebhook> {
		const { value } = await this.attempt(() => this.sdkOnce.lists.createListWebhook(audienceId, body), false);
		return value as AudienceWebhook;
	}

	/** True when deleted; false when it was already gone (deleting twice is not an error). */
	async deleteWebhook(audienceId: string, webhookId: string): Promise<boolean> {
		try {
			await this.call(() => this.sdk.lists.deleteListWebhook(audienceId, webhookId));
			return true;
		} catch (error) {
			const problem = toMailchimpError(error);
			if (problem.status === 404) return false;
			throw problem;
		}
	}

	// --- end of audience webhooks ---

	// --- The rest of a member's life: archive, permanent delete, update, events, notes, listing ---

	/**
	 * Archives the member (DELETE → 204; it stays, with status `archived`). Retried like any call.
	 * After an attempt that may have been applied (`ambiguous`, or a thrown AmbiguousMailchimpError)
	 * Mailchimp answers a retry with 405 "Can not archive a contact that is … archived": the caller
	 * tells that apart from a real refusal by the ambiguity.
	 */
	async archiveMember(audienceId: string, hash: string): Promise<Attempted<void>> {
		const { ambiguous } = await this.attempt(() => this.sdk.lists.deleteListMember(audienceId, hash));
		return { value: undefined, ambiguous };
	}

	/**
	 * Irreversible: the member is erased and the address refused from then on ("Forgotten Email Not
	 * Subscribed"). Retried like any call; a retry after an attempt that may have been applied gets
	 * a 404 (thrown as AmbiguousMailchimpError), which then means "deleted".
	 */
	async deleteMemberPermanently(audienceId: string, hash: string): Promise<Attempted<void>> {
		const { ambiguous } = await this.attempt(() => this.sdk.lists.deleteListMemberPermanent(audienceId, hash));
		return { value: undefined, ambiguous };
	}

	/**
	 * PATCH by subscriber hash, existing members only (404 otherwise): `status: 'unsubscribed'` to
	 * unsubscribe, a new `email_address` to move the member to another address. Retried; a retried
	 * address change whose first attempt was applied answers 404 on the old hash (ambiguous).
	 */
	async updateMember(audienceId: string, hash: string, body: MemberPatch, skipMergeValidation = false): Promise<Attempted<Member>> {
		return this.attempt(() =>
			this.sdk.lists.updateListMember(audienceId, hash, body, { skip_merge_validation: skipMergeValidation || undefined }),
		) as Promise<Attempted<Member>>;
	}

	/**
	 * Records an event (204). Not idempotent (a retried lost answer would record it twice), so only
	 * a 429 is retried; an answer that may have been applied is thrown as AmbiguousMailchimpError.
	 */
	async addMemberEvent(audienceId: string, hash: string, event: MemberEventBody): Promise<void> {
		await this.attempt(() => this.sdkOnce.lists.createListMemberEvent(audienceId, hash, { ...event }), false);
	}

	/** Adds a note (≤ 1,000 characters). Not idempotent: retried only after a 429, like an event. */
	async addMemberNote(audienceId: string, hash: string, note: string): Promise<MemberNote> {
		const { value } = await this.attempt(() => this.sdkOnce.lists.createListMemberNote(audienceId, hash, { note }), false);
		return value as MemberNote;
	}

	// --- end of the rest of a member's life ---

	private async call<T>(send: () => Promise<T>): Promise<T> {
		return (await this.attempt(send)).value;
	}

	/**
	 * Every request: a slot of this client (Max Concurrent Requests), a slot of the account's
	 * adaptive window (shared by the process's executions, shrunk by 429s), retries for
	 * transient faults.
	 */
	private attempt<T>(send: () => Promise<T>, idempotent = true): Promise<Attempted<T>> {
		const window = accountWindow(this.connection.account);
		return withRetries(() => this.slots.run(() => window.run(send, isThrottled)), this.retry, { idempotent });
	}

	/** Every page of a collection: the first tells how many there are, the rest are read in parallel. */
	private async allPages<T>(key: string, fetchPage: (offset: number) => Promise<unknown>): Promise<T[]> {
		const read = async (offset: number) => {
			const page = (await this.call(() => fetchPage(offset))) as Record<string, unknown>;
			return { items: (page[key] as T[] | undefined) ?? [], total: page.total_items };
		};
		const first = await read(0);
		if (typeof first.total !== 'number' || first.items.length === 0 || first.total <= first.items.length) return first.items;
		const offsets: number[] = [];
		for (let offset = PAGE_SIZE; offset < first.total; offset += PAGE_SIZE) offsets.push(offset);
		const rest = await Promise.all(offsets.map(async (offset) => (await read(offset)).items));
		return first.items.concat(...rest);
	}
}

/** Mailchimp refused the request because the account's connections are all busy. */
function isThrottled(error: unknown): boolean {
	return toMailchimpError(error).status === 429;
}

function newSdkClient(basePath: string, authorization: string, timeoutMs = REQUEST_TIMEOUT_MS): ApiClient {
	const sdk = new ApiClient();
	sdk.basePath = basePath;
	sdk.timeout = timeoutMs;
	// Authorization is set as a header rather than through setConfig so that the optional
	// user name (Basic) and both auth kinds share one path; `server` stays unset so the
	// SDK's "server" placeholder substitution never rewrites our URLs.
	sdk.setConfig({});
	sdk.defaultHeaders = { Authorization: authorization };
	return sdk;
}

/**
 * The SDK's superagent opens a new connection for every request (`agent: false`): a TCP and TLS
 * handshake, a round trip or two to Mailchimp, before each call. The SDK's cookie hook is the one
 * place a client instance sees each request before it leaves; there the request gets Node's
 * global agent, which keeps connections alive (Node ≥ 19) and is the agent n8n routes through its
 * proxy settings. At most Max Concurrent Requests connections are open, as before. Writes that
 * must never be sent twice keep a connection of their own: a pooled connection the server has
 * just closed fails without telling whether the request arrived.
 */
function reuseConnections(sdk: ApiClient): void {
	sdk.enableCookies = true;
	sdk.agent = {
		attachCookies: (request) => request.agent(undefined),
		saveCookies: () => undefined,
	};
}
