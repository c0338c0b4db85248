/** The contacts a benchmark run pushes, and the check that every one of them landed. */
import { NEWSLETTER_LIST_ID, type Sandbox } from '../sandbox';

export type Scenario = 'new' | 'existing';

export const BENCH_ACCOUNT = 'acme' as const;
export const BENCH_LIST = NEWSLETTER_LIST_ID;

/** One input item, as a trigger would hand it to the push node. */
export interface BenchContact {
	email: string;
	first: string;
	last: string;
	company: string;
}

/**
 * N distinct, plausible addresses (the sandbox refuses example.com and the like) with the
 * audience's required COMPANY merge field. `tag` keeps the sets of different runs apart.
 */
export function makeContacts(n: number, tag: string): BenchContact[] {
	return Array.from({ length: n }, (_, i) => ({
		email: `contact${i}.${tag}@initech-mail.com`,
		first: `First${i}`,
		last: `Last${i}`,
		company: `Company ${i % 97}`,
	}));
}

/** Existing contacts: already subscribed, with merge field values the push must overwrite. */
export function preload(sandbox: Sandbox, contacts: BenchContact[]): void {
	sandbox.addMembers(
		BENCH_ACCOUNT,
		BENCH_LIST,
		contacts.map((c) => ({
			email_address: c.email,
			status: 'subscribed',
			merge_fields: { FNAME: 'Old', LNAME: 'Old', COMPANY: 'Old Co' },
		})),
	);
}

export interface Landed {
	landed: number;
	/** The first few contacts that did not land as pushed, with the reason. */
	missing: string[];
}

/** Every contact is in the audience, subscribed, with the merge field values pushed. */
export function verifyLanded(sandbox: Sandbox, contacts: BenchContact[]): Landed {
	const byHash = new Map(sandbox.listMembers(BENCH_ACCOUNT, BENCH_LIST).map((m) => [m.email_address.toLowerCase(), m]));
	let landed = 0;
	const missing: string[] = [];
	for (const c of contacts) {
		const m = byHash.get(c.email.toLowerCase());
		const problem = !m
			? 'not in the audience'
			: m.status !== 'subscribed'
				? `status ${m.status}`
				: m.merge_fields.FNAME !== c.first || m.merge_fields.LNAME !== c.last || m.merge_fields.COMPANY !== c.company
					? `merge fields ${JSON.stringify(m.merge_fields)}`
					: undefined;
		if (problem === undefined) landed++;
		else if (missing.length < 5) missing.push(`${c.email}: ${problem}`);
	}
	return { landed, missing };
}
