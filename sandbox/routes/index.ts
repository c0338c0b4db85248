// The full /3.0 route table.
import { ok, Router } from '../router';
import { batchRoutes } from './batches';
import { batchSubscribeRoutes } from './batchSubscribe';
import { journeyRoutes } from './journeys';
import { listRoutes } from './lists';
import { memberActivityRoutes } from './memberActivity';
import { memberRoutes } from './members';
import { segmentRoutes } from './segments';
import { webhookRoutes } from './webhooks';

export function createRouter(): Router {
	const router: Router = new Router([
		{ method: 'GET', pattern: '/ping', handle: () => ok({ health_status: "Everything's Chimpy!" }) },
		...listRoutes,
		...batchSubscribeRoutes,
		...memberRoutes,
		...memberActivityRoutes,
		...segmentRoutes,
		...journeyRoutes,
		...webhookRoutes,
		...batchRoutes(() => router),
	]);
	return router;
}
