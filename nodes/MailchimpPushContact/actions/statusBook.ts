import type { MemberStatus } from '../transport/types';
import type { PushContext } from './context';

/** Statuses that change what a push may do to an existing member. */
const NOTABLE: MemberStatus[] = ['unsubscribed', 'cleaned', 'transactional'];

/** Below this many existing contacts, one GET each is cheaper than listing the audience. */
const BULK_THRESHOLD = 50;

/**
 * For a bulk update: the members of the audience that are unsubscribed, cleaned or
 * transactional, read in pages of 1000, so that each existing contact needs one PUT instead
 * of a GET and a PUT. Any member not in the book is subscribed or pending. Undefined when
 * listing would cost more requests than it saves.
 */
export async function readStatusBook(push: PushContext, existingCount: number): Promise<Map<string, MemberStatus> | undefined> {
	const { client, settings } = push;
	if (existingCount < BULK_THRESHOLD || !settings.updateExisting) return undefined;
	const counts = await Promise.all(NOTABLE.map((status) => client.countMembers(settings.audienceId, status)));
	const pages = counts.reduce((sum, n) => sum + Math.ceil(n / 1000), 0);
	if (pages > existingCount / 4) return undefined;
	const book = new Map<string, MemberStatus>();
	for (const [i, status] of NOTABLE.entries()) {
		if (!counts[i]) continue;
		for (const member of await client.memberStatuses(settings.audienceId, status)) book.set(member.id, member.status);
	}
	return book;
}
