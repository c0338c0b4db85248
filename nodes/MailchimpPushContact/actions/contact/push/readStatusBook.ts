import type { MemberStatus } from '../../../transport/types';
import type { PushGroup } from './pushGroup';

/** Every status but subscribed: a listed member absent from the book is subscribed. */
const NOTABLE: MemberStatus[] = ['pending', 'unsubscribed', 'cleaned', 'transactional', 'archived'];

/** Below this many existing contacts, one GET each is cheaper than listing the audience. */
const BULK_THRESHOLD = 50;

/**
 * For a bulk update: the members of the audience that are not subscribed, read in pages of
 * 1000. A contact the create call found in the audience and absent from the book is
 * subscribed, so it can be updated in a batch (its status stays subscribed); the others get
 * one PUT each by the single-push rules instead of a GET and a PUT. Undefined when listing
 * would cost more requests than it saves.
 */
export async function readStatusBook(group: PushGroup, existingCount: number): Promise<Map<string, MemberStatus> | undefined> {
	const { client, audienceId } = group;
	if (existingCount < BULK_THRESHOLD) return undefined;
	const counts = await Promise.all(NOTABLE.map((status) => client.countMembers(audienceId, status)));
	const pages = counts.reduce((sum, n) => sum + Math.ceil(n / 1000), 0);
	if (pages > existingCount / 4) return undefined;
	const book = new Map<string, MemberStatus>();
	const lists = await Promise.all(NOTABLE.map((status, i) => (counts[i] ? client.memberStatuses(audienceId, status) : [])));
	for (const members of lists) for (const member of members) book.set(member.id, member.status);
	return book;
}

/** The group's status book, read at most once per push (a failed read means: none). */
export function statusBookOf(group: PushGroup, count: number): Promise<Map<string, MemberStatus> | undefined> {
	group.book ??= readStatusBook(group, count).catch(() => undefined);
	return group.book;
}
