import type { MailchimpClient } from '../../../transport/client';
import type { MemberStatus } from '../../../transport/types';
import type { PushGroup } from './pushGroup';

/** Every status but subscribed: a listed member absent from the book is subscribed (or new). */
const NOTABLE: MemberStatus[] = ['pending', 'unsubscribed', 'cleaned', 'transactional', 'archived'];

/** Below this many contacts, one GET each is cheaper than listing the audience. */
export const STATUS_BOOK_MIN = 50;
const PAGE = 1000;

/**
 * For a bulk push: the members of the audience that are not subscribed, by subscriber hash. The
 * first page of each status is read at once (five requests in parallel, one round trip); more
 * pages only while listing costs fewer requests than it saves (one per four contacts), then in
 * parallel too. A contact absent from the book is subscribed or new, so it can go out in a batch
 * call that keeps (or gives) it the subscribed status; the others are pushed by the update rules
 * without a GET each. Undefined when listing would cost more than it saves.
 */
export async function readStatusBook(client: MailchimpClient, audienceId: string, count: number): Promise<Map<string, MemberStatus> | undefined> {
	if (count < STATUS_BOOK_MIN) return undefined;
	const firsts = await Promise.all(NOTABLE.map((status) => client.memberStatusPage(audienceId, status, 0)));
	const more = firsts.flatMap(({ total }, i) =>
		Array.from({ length: Math.max(0, Math.ceil(total / PAGE) - 1) }, (_, k) => ({ status: NOTABLE[i], offset: (k + 1) * PAGE })),
	);
	if (more.length > count / 4) return undefined;
	const rest = await Promise.all(more.map(({ status, offset }) => client.memberStatusPage(audienceId, status, offset)));
	const book = new Map<string, MemberStatus>();
	for (const { members } of [...firsts, ...rest]) for (const member of members) book.set(member.id, member.status);
	return book;
}

/** The group's status book, read at most once per push (a failed read means: none). */
export function statusBookOf(group: PushGroup, count: number): Promise<Map<string, MemberStatus> | undefined> {
	group.book ??= readStatusBook(group.client, group.audienceId, count).catch(() => undefined);
	return group.book;
}
