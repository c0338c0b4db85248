/**
 * Runs `work` over the list with at most `limit` running at once, starting each only when a
 * slot frees up, so only a bounded window of request bodies exists at any time.
 */
export async function forEachConcurrent<T>(list: readonly T[], limit: number, work: (entry: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < list.length) await work(list[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
}

export function chunk<T>(list: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
	return chunks;
}
