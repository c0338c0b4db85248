export interface JourneyStep {
	journeyId: string;
	stepId: string;
}

const TRIGGER_PATH = /\/customer-journeys\/journeys\/(\d+)\/steps\/(\d+)\/actions\/trigger\/?$/;

/**
 * Mailchimp's journey builder shows the API starting point as a URL ending in
 * `/customer-journeys/journeys/{journey_id}/steps/{step_id}/actions/trigger`. Only the two ids
 * are taken from it; the host always comes from the credential, never from this text.
 */
export function parseJourneyTriggerUrl(url: string): JourneyStep | undefined {
	const path = url.trim().split(/[?#]/)[0];
	const match = TRIGGER_PATH.exec(path);
	return match ? { journeyId: match[1], stepId: match[2] } : undefined;
}
