// Customer Journey API starting point: the single-opt-in "welcome" trigger.
import { badRequest, invalidResourceDetail } from '../problems';
import { noContent, type Route } from '../router';
import { subscriberHash } from '../store';

export const journeyRoutes: Route[] = [
	{
		method: 'POST',
		pattern: '/customer-journeys/journeys/:journey_id/steps/:step_id/actions/trigger',
		handle(ctx) {
			const { journey_id, step_id } = ctx.params;
			const journey = ctx.account.journeys.find((j) => String(j.journeyId) === journey_id && String(j.stepId) === step_id);
			if (!journey) throw badRequest(`Journey ${journey_id} has no API starting point with step ${step_id}.`);
			const email = (ctx.body as { email_address?: unknown } | undefined)?.email_address;
			if (typeof email !== 'string' || !email) throw invalidResourceDetail('email_address is required.');
			const list = ctx.store.list(ctx.account, journey.listId)!;
			const member = ctx.store.member(list, subscriberHash(email));
			if (!member || member.status !== 'subscribed') {
				throw badRequest(`${email} must be a subscribed contact of the journey's audience to be triggered into this step.`);
			}
			ctx.account.triggers.push({ journeyId: journey.journeyId, stepId: journey.stepId, email: member.email_address });
			return noContent();
		},
	},
];
