// POST /lists/{list_id}: batch subscribe/update of up to 500 members. Always HTTP 200;
// per-member failures come back in `errors` with ERROR_CONTACT_EXISTS or ERROR_GENERIC.
import { links } from '../collections';
import { batchMember, type MemberInput } from '../memberWrites';
import { ApiProblem, invalidResource } from '../problems';
import { ok, type Route } from '../router';
import { subscriberHash } from '../store';
import { isTrue, requireList } from './common';
import { memberRecord } from './members';

export const MAX_BATCH_MEMBERS = 500;

interface BatchBody {
	members: MemberInput[];
	update_existing?: boolean;
	sync_tags?: boolean;
}

interface BatchError {
	email_address: string;
	error: string;
	error_code: 'ERROR_CONTACT_EXISTS' | 'ERROR_GENERIC';
	field: string;
	field_message: string;
}

function toBatchError(email: string, p: ApiProblem): BatchError {
	return {
		email_address: email,
		error: p.detail,
		error_code: p.title === 'Member Exists' ? 'ERROR_CONTACT_EXISTS' : 'ERROR_GENERIC',
		field: p.errors?.[0]?.field ?? '',
		field_message: p.errors?.[0]?.message ?? '',
	};
}

export const batchSubscribeRoutes: Route[] = [
	{
		method: 'POST',
		pattern: '/lists/:list_id',
		schema: 'batch-subscribe',
		members: (body) => (Array.isArray((body as BatchBody | undefined)?.members) ? (body as BatchBody).members.length : 0),
		handle(ctx) {
			const list = requireList(ctx);
			const body = ctx.body as BatchBody;
			if (body.members.length > MAX_BATCH_MEMBERS) {
				throw invalidResource([{ field: 'members', message: `You can only add or update up to ${MAX_BATCH_MEMBERS} members per call.` }]);
			}
			const opts = {
				skipMergeValidation: isTrue(ctx.query.skip_merge_validation),
				updateExisting: body.update_existing === true,
				syncTags: body.sync_tags === true,
			};
			const skipDuplicates = isTrue(ctx.query.skip_duplicate_check);
			const seen = new Set<string>();
			const created: Record<string, unknown>[] = [];
			const updated: Record<string, unknown>[] = [];
			const errors: BatchError[] = [];
			for (const input of body.members) {
				const email = input.email_address ?? '';
				const hash = subscriberHash(email);
				if (seen.has(hash)) {
					// The first appearance wins; without skip_duplicate_check later ones are errors.
					if (!skipDuplicates) errors.push(toBatchError(email, invalidResource([], `${email} appears more than once in this batch request.`)));
					continue;
				}
				seen.add(hash);
				try {
					const r = batchMember(ctx, list, hash, input, opts);
					(r.created ? created : updated).push(memberRecord(ctx, list, r.member));
				} catch (e) {
					if (!(e instanceof ApiProblem)) throw e;
					errors.push(toBatchError(email, e));
				}
			}
			return ok({
				new_members: created,
				updated_members: updated,
				errors,
				total_created: created.length,
				total_updated: updated.length,
				error_count: errors.length,
				_links: links(ctx.apiBase, `/lists/${list.id}`),
			});
		},
	},
];
