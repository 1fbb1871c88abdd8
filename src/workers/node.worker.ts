// A node worker: hosts one broker, the coordinator, or the clients, and runs their share of each batch.
// Thin on purpose: the logic is in src/runtime/worker-api.ts, where Node tests reach it directly.
import { expose } from 'comlink';
import { createNodeWorkerApi } from '../runtime/worker-api';
import { RUNTIME_BEHAVIORS } from '../runtime/registry';

expose(createNodeWorkerApi(RUNTIME_BEHAVIORS));
