import { matchBatchAnswer } from '../../../helpers/batchAnswer';
import type { MemberBody } from '../../../transport/types';
import { failedFrom } from '../../outcome';
import type { PushGroup } from './pushGroup';
import type { Contact } from './readContact';

/**
 * One batch-subscribe call for these contacts, its answer matched to them by address. A call that
 * fails for good fails every contact of it (with Mailchimp's answer), and undefined is returned.
 * `ambiguous`: an earlier attempt may have been applied although its answer was lost.
 */
export async function sendBatch(group: PushGroup, batch: Contact[], body: (contact: Contact) => MemberBody, updateExisting: boolean) {
	const { client, audienceId, skipMergeValidation } = group;
	try {
		const answer = await client.batchSubscribe(audienceId, batch.map(body), skipMergeValidation, updateExisting);
		return { ...matchBatchAnswer(batch, answer.value), ambiguous: answer.ambiguous };
	} catch (error) {
		const outcome = failedFrom(error);
		for (const contact of batch) contact.outcome = outcome;
		return undefined;
	}
}

export const UNREPORTED = 'Mailchimp did not report on this contact in its batch answer';
