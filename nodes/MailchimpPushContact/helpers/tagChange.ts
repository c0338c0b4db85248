export type TagMode = 'add' | 'sync';

export interface TagOccurrence {
	tags: string[];
	mode: TagMode;
	/** The write that created the member carried these tags already. */
	applied?: boolean;
	/** The member's tags as its write answered them (before any tags call of this push). */
	current?: string[];
}

/**
 * One net change for a member that several items of one push name, equal to applying each
 * item's tags one after another in item order: "add" items add, a "sync" item removes whatever
 * the member would hold by then that it does not list. Tag names compare case-insensitively.
 */
export function sequentialTagChange(occurrences: TagOccurrence[]): { add: string[]; remove: string[] } {
	const key = (t: string) => t.toLowerCase();
	const initial = occurrences.find((o) => o.current)?.current ?? [];
	const state = new Map(initial.map((t) => [key(t), t]));
	const add = new Map<string, string>();
	const remove = new Map<string, string>();
	for (const occurrence of occurrences) {
		if (occurrence.mode === 'sync') {
			const keep = new Set(occurrence.tags.map(key));
			for (const [k, t] of [...state]) {
				if (keep.has(k)) continue;
				state.delete(k);
				add.delete(k);
				remove.set(k, t);
			}
		}
		for (const t of occurrence.tags) {
			state.set(key(t), t);
			remove.delete(key(t));
			if (!occurrence.applied) add.set(key(t), t);
		}
	}
	return { add: [...add.values()], remove: [...remove.values()] };
}
