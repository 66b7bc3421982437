// Development entry for the export worker: under tsx and vitest the worker is TypeScript source, which a bare worker
// thread cannot load, so this shim compiles it on the fly with tsx. The production build emits export-worker.js instead.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./worker.ts', import.meta.url);
export default worker.default;
