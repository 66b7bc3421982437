// Development entry for the checkpoint worker: under tsx and vitest the worker is TypeScript source, which a bare
// worker thread cannot load, so this shim compiles it on the fly with tsx. The production build emits checkpoint-worker.js.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./checkpoint-worker.ts', import.meta.url);
export default worker.default;
