import type { BatchSubscribeError, BatchSubscribeResult, Member } from '../transport/types';

/**
 * Batch subscribe answers by e-mail address, not by position: each member and error of the
 * answer is matched to the entry it concerns (case-insensitively); entries it does not mention
 * are returned as unreported.
 */
export function matchBatchAnswer<T extends { email: string }>(
	entries: readonly T[],
	answer: BatchSubscribeResult,
): {
	created: Array<[T, Member]>;
	updated: Array<[T, Member]>;
	errors: Array<[T, BatchSubscribeError]>;
	unreported: T[];
} {
	const byEmail = new Map(entries.map((entry) => [entry.email.toLowerCase(), entry]));
	const seen = new Set<T>();
	const pick = <V>(list: V[] | undefined, email: (v: V) => string): Array<[T, V]> => {
		const out: Array<[T, V]> = [];
		for (const value of list ?? []) {
			const entry = byEmail.get(email(value).toLowerCase());
			if (!entry || seen.has(entry)) continue;
			seen.add(entry);
			out.push([entry, value]);
		}
		return out;
	};
	const created = pick(answer.new_members, (m) => m.email_address);
	const updated = pick(answer.updated_members, (m) => m.email_address);
	const errors = pick(answer.errors, (e) => e.email_address);
	return { created, updated, errors, unreported: entries.filter((entry) => !seen.has(entry)) };
}
