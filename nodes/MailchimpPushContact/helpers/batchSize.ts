/** Mailchimp's ceiling for one batch-subscribe call. */
export const MAX_BATCH_SIZE = 500;

/** Rounds of calls each connection gets in a push too big for one round of full calls. */
const ROUNDS = 4;

/**
 * Members per batch-subscribe call. A Batch Size the user chose is used as it is. Otherwise
 * calls are full while one round of them carries every contact (the fewest calls). A bigger
 * push in full calls runs in rounds that start only once 500 more items are read and end
 * unevenly, leaving connections idle; calls sized so every connection gets about ROUNDS of
 * them keep all connections busy from the first items to the last answer.
 */
export function membersPerCall(contacts: number, connections: number, chosen?: number): number {
	if (chosen) return chosen;
	if (contacts <= connections * MAX_BATCH_SIZE) return MAX_BATCH_SIZE;
	return Math.min(MAX_BATCH_SIZE, Math.ceil(contacts / (connections * ROUNDS)));
}
