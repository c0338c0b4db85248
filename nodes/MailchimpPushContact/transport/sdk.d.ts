// The official SDK ships no types (and @types/mailchimp__mailchimp_marketing is wrong in places).
// Only the surface this package calls is declared; everything goes through transport/client.ts.
declare module '@mailchimp/mailchimp_marketing/src/ApiClient' {
	type Query = Record<string, unknown>;
	type Body = Record<string, unknown>;

	class ApiClient {
		basePath: string;
		timeout: number;
		defaultHeaders: Record<string, string>;
		/** With it on, `agent.attachCookies(request)` sees every superagent request before it is sent. */
		enableCookies: boolean;
		agent: { attachCookies(request: { agent(agent: unknown): unknown }): void; saveCookies(response: unknown): void };
		setConfig(config: { apiKey?: string; accessToken?: string; server?: string }): void;
		callApi(
			path: string,
			method: string,
			pathParams: Record<string, string>,
			queryParams: Query,
			headerParams: Record<string, string>,
			formParams: Record<string, unknown>,
			bodyParam: unknown,
			authNames: string[],
			contentTypes: string[],
			accepts: string[],
			returnType: unknown,
		): Promise<{ data: unknown; response: unknown }>;
		ping: { get(): Promise<{ health_status: string }> };
		lists: {
			getAllLists(opts: Query): Promise<unknown>;
			getList(listId: string, opts?: Query): Promise<unknown>;
			getListMergeFields(listId: string, opts: Query): Promise<unknown>;
			getListInterestCategories(listId: string, opts: Query): Promise<unknown>;
			listInterestCategoryInterests(listId: string, categoryId: string, opts: Query): Promise<unknown>;
			getListMembersInfo(listId: string, opts: Query): Promise<unknown>;
			getListMember(listId: string, hash: string, opts?: Query): Promise<unknown>;
			addListMember(listId: string, body: Body, opts?: Query): Promise<unknown>;
			setListMember(listId: string, hash: string, body: Body, opts?: Query): Promise<unknown>;
			updateListMemberTags(listId: string, hash: string, body: Body): Promise<unknown>;
			batchListMembers(listId: string, body: Body, opts?: Query): Promise<unknown>;
			batchSegmentMembers(body: Body, listId: string, segmentId: string): Promise<unknown>;
			listSegments(listId: string, opts?: Query): Promise<unknown>;
			createSegment(listId: string, body: Body): Promise<unknown>;
			tagSearch(listId: string, opts?: Query): Promise<unknown>;
			// The rest of a member's life (archive, permanent delete, PATCH, events, notes)
			deleteListMember(listId: string, hash: string): Promise<unknown>;
			deleteListMemberPermanent(listId: string, hash: string): Promise<unknown>;
			updateListMember(listId: string, hash: string, body: Body, opts?: Query): Promise<unknown>;
			createListMemberEvent(listId: string, hash: string, body: Body): Promise<unknown>;
			createListMemberNote(listId: string, hash: string, body: Body): Promise<unknown>;
			// Audience webhooks (Mailchimp Audience Trigger)
			getListWebhooks(listId: string): Promise<unknown>;
			createListWebhook(listId: string, body: Body): Promise<unknown>;
			deleteListWebhook(listId: string, webhookId: string): Promise<unknown>;
		};
		customerJourneys: {
			trigger(journeyId: string, stepId: string, body: Body): Promise<unknown>;
		};
	}
	export = ApiClient;
}
