import { toMailchimpError, type MailchimpApiError } from '../../../transport/errors';
import { AmbiguousMailchimpError } from '../../../transport/retry';
import { explainProblem } from '../../explainProblem';
import type { Done } from '../../outcome';
import type { PushGroup } from './pushGroup';
import type { Contact } from './readContact';

export type WelcomeResult = { triggered: boolean } | { message: string; problem: MailchimpApiError };

/** A contact is welcomed once, and only when this push created it as a subscriber. */
export function welcomeDue(contact: Contact, written: Done): boolean {
	return !!contact.settings.welcomeJourney && written.action === 'created' && written.status === 'subscribed';
}

/**
 * API v3 has no send_welcome: for single opt-in the welcome e-mail is a Customer Journey
 * started at its API starting point. (With double opt-in Mailchimp sends its own final welcome
 * e-mail after confirmation.) Not retried once it may have started: never a second welcome.
 */
export async function triggerWelcome(group: PushGroup, contact: Contact): Promise<WelcomeResult> {
	const journey = contact.settings.welcomeJourney!;
	try {
		await group.client.triggerJourney(journey.journeyId, journey.stepId, contact.email);
		return { triggered: true };
	} catch (error) {
		const problem = toMailchimpError(error);
		const what =
			problem instanceof AmbiguousMailchimpError
				? 'but Mailchimp\'s answer to starting the welcome journey was lost, so it may or may not have started (not retried, to never send the welcome e-mail twice)'
				: 'but the welcome journey could not be started';
		return { message: `The contact was created, ${what}: ${explainProblem(problem)}`, problem };
	}
}
