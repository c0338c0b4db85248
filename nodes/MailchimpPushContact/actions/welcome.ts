import { explainProblem } from './explain';
import { toMailchimpError } from '../transport/errors';
import { AmbiguousMailchimpError } from '../transport/retry';
import type { PushContext } from './context';
import type { Outcome } from './outcome';

/**
 * API v3 has no send_welcome: for single opt-in the welcome e-mail is a Customer Journey
 * started at its API starting point, once, for the contacts this push created.
 * (With double opt-in Mailchimp sends its own final welcome e-mail after confirmation.)
 */
export async function triggerWelcome(push: PushContext, email: string, outcome: Outcome): Promise<Outcome> {
	const journey = push.settings.welcomeJourney;
	if (!journey || !outcome.ok) return outcome;
	const due = outcome.action === 'created' && outcome.status === 'subscribed';
	if (!due) return { ...outcome, welcomeJourneyTriggered: false };
	try {
		await push.client.triggerJourney(journey.journeyId, journey.stepId, email);
		return { ...outcome, welcomeJourneyTriggered: true };
	} catch (error) {
		const problem = toMailchimpError(error);
		const what =
			problem instanceof AmbiguousMailchimpError
				? 'but Mailchimp\'s answer to starting the welcome journey was lost, so it may or may not have started (not retried, to never send the welcome e-mail twice)'
				: 'but the welcome journey could not be started';
		return {
			ok: false,
			action: outcome.action,
			status: outcome.status,
			message: `The contact was created, ${what}: ${explainProblem(problem)}`,
			problem,
		};
	}
}
