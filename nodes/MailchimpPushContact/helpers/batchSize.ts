/** Mailchimp's ceiling for one batch-subscribe call. */
export const MAX_BATCH_SIZE = 500;

/**
 * The fewest members worth a call of their own. Splitting a push over idle connections pays while
 * a call's member work outweighs its fixed cost (the round trip, Mailchimp's per-request overhead,
 * n8n's own pipeline); below this each extra call mostly adds requests to the account's budget,
 * which other executions and tools share. BENCHMARKS.md has the measurement.
 */
export const MIN_MEMBERS_PER_CALL = 50;

/** Rounds of calls each connection gets in a push too big for one round of full calls. */
const ROUNDS = 4;

/**
 * Members per batch-subscribe call. A Batch Size the user chose is used as it is. Otherwise the
 * contacts are spread so every connection gets a call at once (within 50–500 per call), and a
 * push bigger than one round of full calls is cut into about four rounds per connection, so
 * calls start while items are still being read and no connection waits at the end.
 */
export function membersPerCall(contacts: number, connections: number, chosen?: number): number {
	if (chosen) return chosen;
	const rounds = contacts > connections * MAX_BATCH_SIZE ? ROUNDS : 1;
	const spread = Math.ceil(contacts / (connections * rounds));
	return Math.min(MAX_BATCH_SIZE, Math.max(MIN_MEMBERS_PER_CALL, spread));
}
