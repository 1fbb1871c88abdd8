// A node worker: hosts one broker, the coordinator, or the clients, and runs their share of each batch.
// Thin on purpose: the logic is in src/runtime/worker-api.ts, where Node tests reach it directly.
import { createNodeWorkerApi } from '../runtime/worker-api';
import { serveNodeWorker, type Endpoint } from '../runtime/worker-protocol';
import { RUNTIME_BEHAVIORS } from '../runtime/registry';

serveNodeWorker(createNodeWorkerApi(RUNTIME_BEHAVIORS), self as unknown as Endpoint);
