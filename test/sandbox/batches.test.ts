import { NEWSLETTER_LIST_ID, SEEDED_MEMBERS, subscriberHash, validateResponse } from '../../sandbox';
import { untarGz } from '../../sandbox/tar';
import { acme, problem, raw, sleep, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;

async function waitFinished(id: string) {
	for (let i = 0; i < 100; i++) {
		const b = await acme(sb.get()).batches.status(id);
		if (b.status === 'finished') return b;
		await sleep(20);
	}
	throw new Error('batch did not finish');
}

describe('POST /batches', () => {
	it('runs operations asynchronously and serves a tar.gz of JSON results', async () => {
		const email = 'batched@acme-mail.com';
		const started = await acme(sb.get()).batches.start({
			operations: [
				{
					method: 'PUT',
					path: `/lists/${L}/members/${subscriberHash(email)}`,
					operation_id: 'op-1',
					body: JSON.stringify({ email_address: email, status_if_new: 'subscribed', merge_fields: { COMPANY: 'Acme' } }),
				},
				{ method: 'POST', path: `/lists/${L}/members`, operation_id: 'op-2', body: JSON.stringify({ email_address: SEEDED_MEMBERS.subscribed, status: 'subscribed' }) },
				{ method: 'GET', path: `/lists/${L}/merge-fields`, operation_id: 'op-3', params: { count: 2, fields: 'merge_fields.tag' } },
			],
		});
		expect(started).toMatchObject({ status: 'pending', total_operations: 3, finished_operations: 0 });
		expect(validateResponse('batch-status', started)).toEqual([]);
		const done = await waitFinished(started.id);
		expect(done).toMatchObject({ total_operations: 3, finished_operations: 3, errored_operations: 1 });
		expect(done.response_body_url).toBe(`${sb.get().url}/sandbox-files/${started.id}.tar.gz`);
		expect(sb.get().getMember('acme', L, email)!.status).toBe('subscribed');

		const file = await raw(sb.get(), { path: new URL(done.response_body_url).pathname });
		expect(file.status).toBe(200);
		const files = untarGz(file.buffer);
		const results = Object.values(files).flatMap((content) => JSON.parse(content)) as Array<{ status_code: number; operation_id: string; response: string }>;
		const byId = Object.fromEntries(results.map((r) => [r.operation_id, r]));
		expect(byId['op-1'].status_code).toBe(200);
		expect(byId['op-2'].status_code).toBe(400);
		expect(JSON.parse(byId['op-2'].response).title).toBe('Member Exists');
		expect(JSON.parse(byId['op-3'].response)).toEqual({ merge_fields: [{ tag: 'FNAME' }, { tag: 'LNAME' }] });
	});

	it('validates the body and the operations bodies against the schemas', async () => {
		const p = await problem(acme(sb.get()).batches.start({ operations: [{ method: 'PUT', path: '/lists', operationId: 'x' }] }));
		expect(p.status).toBe(400);
		const started = await acme(sb.get()).batches.start({
			operations: [{ method: 'PATCH', path: `/lists/${L}/members/${subscriberHash(SEEDED_MEMBERS.subscribed)}`, body: JSON.stringify({ stauts: 'pending' }) }],
		});
		const done = await waitFinished(started.id);
		expect(done.errored_operations).toBe(1);
		expect(sb.get().contractViolations.map((v) => v.method)).toEqual(['POST', 'PATCH']);
	});

	it('answers 404 for an unknown batch', async () => {
		expect((await problem(acme(sb.get()).batches.status('nope'))).status).toBe(404);
	});
});
