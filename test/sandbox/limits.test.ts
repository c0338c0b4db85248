import { NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS, startSandbox, subscriberHash, type FaultOptions, type Sandbox } from '../../sandbox';
import { acme, globex, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;

afterEach(() => {
	sb.get().setFaults(undefined);
	sb.get().setLatency({ perRequestMs: 0, perMemberMs: 0 });
});

async function outcome(p: Promise<unknown>): Promise<number | string> {
	try {
		await p;
		return 200;
	} catch (e) {
		const err = e as { status?: number; response?: unknown; code?: string };
		return err.response ? err.status! : 'no-response';
	}
}

describe('connection limit', () => {
	it('answers 429 to the 11th simultaneous request of one account, not to another account', async () => {
		sb.get().setLatency({ perRequestMs: 250, perMemberMs: 0 });
		const acmeCalls = Array.from({ length: 11 }, () => outcome(acme(sb.get()).ping.get()));
		const globexCalls = Array.from({ length: 10 }, () => outcome(globex(sb.get()).ping.get()));
		const [a, g] = await Promise.all([Promise.all(acmeCalls), Promise.all(globexCalls)]);
		expect(a.filter((s) => s === 200)).toHaveLength(10);
		expect(a.filter((s) => s === 429)).toHaveLength(1);
		expect(g.every((s) => s === 200)).toBe(true);
		expect(sb.get().peakInFlight('acme')).toBe(10);
		expect(sb.get().peakInFlight('globex')).toBe(10);
		expect(sb.get().count429()).toBe(1);
		const refused = sb.get().requests.find((r) => r.status === 429)!;
		expect(refused.endedAt - refused.startedAt).toBeLessThan(200); // answered at once, not after the latency
		// Capacity is back once the calls finished.
		await expect(acme(sb.get()).ping.get()).resolves.toBeDefined();
	});

	it('exposes the 429 as Mailchimp problem+json', async () => {
		const s = await startSandbox({ maxConnectionsPerAccount: 1, latency: { perRequestMs: 150, perMemberMs: 0 } });
		try {
			const results = await Promise.allSettled([acme(s).ping.get(), acme(s).ping.get()]);
			const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
			expect(rejected.reason.status).toBe(429);
			expect(rejected.reason.response.body).toMatchObject({
				title: 'Too Many Requests',
				detail: 'You have exceeded the limit of 1 simultaneous connections.',
			});
			expect(s.peakInFlight()).toBe(1);
		} finally {
			await s.close();
		}
	});
});

describe('latency', () => {
	it('adds perRequestMs, and perMemberMs per batch-subscribe member', async () => {
		sb.get().setLatency({ perRequestMs: 120, perMemberMs: 0 });
		let t = Date.now();
		await acme(sb.get()).ping.get();
		expect(Date.now() - t).toBeGreaterThanOrEqual(110);
		sb.get().setLatency({ perRequestMs: 0, perMemberMs: 10 });
		const members = Array.from({ length: 20 }, (_, i) => ({ email_address: `lat${i}@acme-mail.com`, status: 'subscribed', merge_fields: { COMPANY: 'Acme' } }));
		t = Date.now();
		await acme(sb.get()).lists.batchListMembers(L, { members });
		expect(Date.now() - t).toBeGreaterThanOrEqual(190);
		t = Date.now();
		await acme(sb.get()).ping.get();
		expect(Date.now() - t).toBeLessThan(100);
	});
});

describe('fault injection', () => {
	async function pattern(seed: number, faults: FaultOptions, calls = 40): Promise<Array<number | string>> {
		const s: Sandbox = await startSandbox({ seed, faults });
		try {
			const out: Array<number | string> = [];
			for (let i = 0; i < calls; i++) out.push(await outcome(acme(s).ping.get()));
			return out;
		} finally {
			await s.close();
		}
	}

	it('is deterministic for a seed', async () => {
		const faults = { rate429: 0.15, rate5xx: 0.2, rateDrop: 0.1 };
		const a = await pattern(7, faults);
		const b = await pattern(7, faults);
		expect(a).toEqual(b);
		expect(new Set(a)).toEqual(new Set([200, 429, 500, 503, 'no-response']));
		expect(await pattern(8, faults)).not.toEqual(a);
	});

	it('counts injected 429s and records the fault', async () => {
		sb.get().setFaults({ rate429: 1 });
		expect(await outcome(acme(sb.get()).ping.get())).toBe(429);
		expect(sb.get().count429()).toBe(1);
		expect(sb.get().requests[0]).toMatchObject({ status: 429, fault: '429' });
	});

	it('restricts faults to onlyMethods', async () => {
		sb.get().setFaults({ rate5xx: 1, onlyMethods: ['POST'] });
		expect(await outcome(acme(sb.get()).ping.get())).toBe(200);
		const status = await outcome(acme(sb.get()).lists.addListMember(L, { email_address: 'x1@acme-mail.com', status: 'subscribed', merge_fields: { COMPANY: 'A' } }));
		expect([500, 503]).toContain(status);
		expect(sb.get().getMember('acme', L, 'x1@acme-mail.com')).toBeUndefined();
	});

	it('lost response: the write is applied, then the socket is destroyed', async () => {
		sb.get().setFaults({ rateLostResponse: 1, onlyMethods: ['PUT'] });
		const email = 'lost@acme-mail.com';
		const result = await outcome(
			acme(sb.get()).lists.setListMember(L, subscriberHash(email), { email_address: email, status_if_new: 'subscribed', merge_fields: { COMPANY: 'Acme' } }),
		);
		expect(result).toBe('no-response');
		expect(sb.get().getMember('acme', L, email)).toMatchObject({ status: 'subscribed' });
		expect(sb.get().requests.at(-1)).toMatchObject({ method: 'PUT', status: 200, fault: 'lostResponse' });
	});

	it('drop: the socket is destroyed and nothing is applied', async () => {
		sb.get().setFaults({ rateDrop: 1 });
		const email = 'dropped@acme-mail.com';
		const result = await outcome(
			acme(sb.get()).lists.setListMember(L, subscriberHash(email), { email_address: email, status_if_new: 'subscribed', merge_fields: { COMPANY: 'Acme' } }),
		);
		expect(result).toBe('no-response');
		expect(sb.get().getMember('acme', L, email)).toBeUndefined();
		expect(sb.get().requests.at(-1)).toMatchObject({ status: 0, fault: 'drop' });
	});
});

describe('addMembers', () => {
	it('loads many members directly', () => {
		const members = Array.from({ length: 5000 }, (_, i) => ({ email_address: `load${i}@acme-mail.com`, tags: [{ id: 0, name: 'Loaded' }] }));
		sb.get().addMembers('acme', L, members);
		expect(sb.get().listMembers('acme', L)).toHaveLength(5005);
		expect(sb.get().getMember('acme', L, 'load42@acme-mail.com')).toMatchObject({ status: 'subscribed', tags: [{ name: 'Loaded' }], list_id: L });
		expect(() => sb.get().addMembers('acme', 'nope', [])).toThrow();
		expect(SANDBOX_ACCOUNTS.acme.dc).toBe('us14');
	});
});
