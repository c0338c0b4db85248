import type { MemberStatus } from '../transport/types';
import type { PushContext } from './context';

/** Every status but subscribed: a listed member absent from the book is subscribed. */
const NOTABLE: MemberStatus[] = ['pending', 'unsubscribed', 'cleaned', 'transactional'];

/** Below this many existing contacts, one GET each is cheaper than listing the audience. */
const BULK_THRESHOLD = 50;

/**
 * For a bulk update: the members of the audience that are not subscribed, read in pages of
 * 1000. A contact the create call found in the audience and absent from the book is
 * subscribed, so it can be updated in a batch (its status stays subscribed); the others get
 * one PUT each by the single-push rules instead of a GET and a PUT. Undefined when listing
 * would cost more requests than it saves.
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
