import type { MemberBody, MemberStatus } from '../../../transport/types';
import { done, failed, type Outcome } from '../../outcome';
import { UNKNOWN_CREATE } from './createPipeline';
import { decideUpdate, missingRequiredProblem } from './decideUpdate';
import { upsertBody } from './memberBodies';
import type { PushGroup } from './pushGroup';
import type { Contact } from './readContact';

/**
 * A contact already in the audience (or one that can't be created without a required merge
 * field): find its status, then update it by the node's rules (decideUpdate).
 * `known` is the status from a bulk status book for a contact known to exist; without it the
 * member is read first.
 */
export async function pushExisting(group: PushGroup, contact: Contact, known?: MemberStatus): Promise<Outcome> {
	const { client, audienceId, skipMergeValidation } = group;
	const member = known ? undefined : await client.getMember(audienceId, contact.subscriberHash);
	const status = known ?? member?.status;
	if (!status) return createMissing(group, contact);

	const decision = decideUpdate(contact.settings, status);
	if ('skip' in decision) return done('skipped', status, { reason: decision.skip });
	const body: MemberBody = upsertBody(contact);
	if (decision.status) body.status = decision.status;
	const updated = await client.setMember(audienceId, contact.subscriberHash, body, skipMergeValidation);
	contact.currentTags = updated.tags?.map((t) => t.name);
	return done('updated', updated.status, contact.createUnknown ? { reason: UNKNOWN_CREATE } : {});
}

/** Not in the audience after all (new, or deleted meanwhile): create it by upsert. */
async function createMissing(group: PushGroup, contact: Contact): Promise<Outcome> {
	const { client, audienceId, skipMergeValidation } = group;
	const problem = missingRequiredProblem(contact.missingRequired, skipMergeValidation);
	if (problem) return failed(problem);
	const created = await client.setMember(audienceId, contact.subscriberHash, upsertBody(contact), skipMergeValidation);
	return done('created', created.status);
}
