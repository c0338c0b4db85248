import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { operations, type Operation } from './contact/Contact.resource';

/** Dispatches on the node's `operation` (one value per execution: it takes no expression). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0, 'push') as Operation;
	const run = operations[operation];
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" is not supported`);
	return run.execute.call(this);
}
