import type { MailchimpClient } from '../../transport/client';
import type { MemberStatus } from '../../transport/types';
import type { PushGroup } from './push/pushGroup';

/** Every status but subscribed: a listed member absent from the book is subscribed (or new). */
const NOTABLE: MemberStatus[] = ['pending', 'unsubscribed', 'cleaned', 'transactional', 'archived'];

/** Below this many contacts, one request each is cheaper than listing the audience. */
export const STATUS_BOOK_MIN = 50;
const PAGE = 1000;
/** Listing is worth it while it costs at most one page per this many contacts. */
const CONTACTS_PER_PAGE = 4;

export interface StatusBook {
	/** Members' statuses by subscriber hash. */
	statuses: Map<string, MemberStatus>;
	/** Subscribed members are listed too: an address absent from it is not in the audience. */
	complete: boolean;
}

/**
 * For a bulk operation: the members of the audience that are not subscribed, by subscriber hash.
 * The first page of each such status is read at once (five requests in parallel, one round trip);
 * more pages only while listing costs at most one page per four contacts, then in parallel too.
 * `withSubscribed`: the subscribed members as well, when that is also within the budget (their
 * count is asked beside the first pages), so that an address absent from the book is known to be
 * missing. Undefined when listing would cost more than it saves.
 */
export async function readStatusBook(
	client: MailchimpClient,
	audienceId: string,
	contacts: number,
	{ withSubscribed = false } = {},
): Promise<StatusBook | undefined> {
	if (contacts < STATUS_BOOK_MIN) return undefined;
	const [subscribed, firsts] = await Promise.all([
		withSubscribed ? client.countMembers(audienceId, 'subscribed') : 0,
		Promise.all(NOTABLE.map((status) => client.memberStatusPage(audienceId, status, 0))),
	]);
	const pages = (status: MemberStatus, total: number, from: number) =>
		Array.from({ length: Math.max(0, Math.ceil(total / PAGE) - from) }, (_, k) => ({ status, offset: (from + k) * PAGE }));
	const more = firsts.flatMap(({ total }, i) => pages(NOTABLE[i], total, 1));
	const subscribedPages = pages('subscribed', subscribed, 0);
	const budget = contacts / CONTACTS_PER_PAGE;
	const complete = withSubscribed && more.length + subscribedPages.length <= budget;
	if (!complete && more.length > budget) return undefined;
	const rest = await Promise.all(
		[...more, ...(complete ? subscribedPages : [])].map(({ status, offset }) => client.memberStatusPage(audienceId, status, offset)),
	);
	const statuses = new Map<string, MemberStatus>();
	for (const { members } of [...firsts, ...rest]) for (const member of members) statuses.set(member.id, member.status);
	return { statuses, complete };
}

/** The push's book of members that are not subscribed; a failed read means: none (each contact is read instead). */
export function readNotSubscribed(client: MailchimpClient, audienceId: string, contacts: number): Promise<Map<string, MemberStatus> | undefined> {
	return readStatusBook(client, audienceId, contacts).then(
		(book) => book?.statuses,
		() => undefined,
	);
}

/** The group's book, read at most once per push. */
export function statusBookOf(group: PushGroup, contacts: number): Promise<Map<string, MemberStatus> | undefined> {
	group.book ??= readNotSubscribed(group.client, group.audienceId, contacts);
	return group.book;
}
