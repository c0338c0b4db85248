import { ACME_JOURNEY, GLOBEX_JOURNEY, GLOBEX_MEMBERS, SEEDED_MEMBERS, SANDBOX_ACCOUNTS } from '../../sandbox';
import { acme, globex, problem, sdk, useSandbox } from './helpers';

const sb = useSandbox();
const { journeyId, stepId } = ACME_JOURNEY;

describe('customer journey trigger', () => {
	it('answers 204 for a subscribed member and records the trigger', async () => {
		const res = await acme(sb.get()).customerJourneys.triggerWithHttpInfo(journeyId, stepId, { email_address: SEEDED_MEMBERS.subscribed });
		expect(res.response.status).toBe(204);
		expect(sb.get().journeyTriggers('acme')).toEqual([{ journeyId, stepId, email: SEEDED_MEMBERS.subscribed }]);
		expect(sb.get().journeyTriggers('globex')).toEqual([]);
	});

	it.each([SEEDED_MEMBERS.pending, SEEDED_MEMBERS.unsubscribed, 'stranger@acme-mail.com'])('answers 400 when %s is not a subscribed member', async (email) => {
		const p = await problem(acme(sb.get()).customerJourneys.trigger(journeyId, stepId, { email_address: email }));
		expect(p).toMatchObject({ status: 400, title: 'Bad Request', detail: expect.stringContaining('subscribed') });
		expect(sb.get().journeyTriggers('acme')).toEqual([]);
	});

	it('answers 400 for an unknown journey or step and for another account journey', async () => {
		expect((await problem(acme(sb.get()).customerJourneys.trigger(1, stepId, { email_address: SEEDED_MEMBERS.subscribed }))).status).toBe(400);
		expect((await problem(acme(sb.get()).customerJourneys.trigger(journeyId, 1, { email_address: SEEDED_MEMBERS.subscribed }))).status).toBe(400);
		const p = await problem(globex(sb.get()).customerJourneys.trigger(journeyId, stepId, { email_address: SEEDED_MEMBERS.subscribed }));
		expect(p.status).toBe(400);
	});

	it('works with OAuth for the other account', async () => {
		const c = sdk(sb.get(), { accessToken: SANDBOX_ACCOUNTS.globex.accessToken });
		await c.customerJourneys.trigger(GLOBEX_JOURNEY.journeyId, GLOBEX_JOURNEY.stepId, { email_address: GLOBEX_MEMBERS[0] });
		expect(sb.get().journeyTriggers('globex')).toHaveLength(1);
	});
});
