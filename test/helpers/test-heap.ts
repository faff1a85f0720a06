// The test workers keep V8's own heap growth (runtime/heap.ts tunes the processes a user runs: the program, the
// provider, the CLI; every copy of the module, sources or dist/, shares what this applied); the processes the tests
// start inherit no setting, so they run tuned as a user's do.
import { HEAP_GROWTH_ENV, leanHeap } from "../../provider/runtime/heap";

const was = process.env[HEAP_GROWTH_ENV];
process.env[HEAP_GROWTH_ENV] = "default";
leanHeap();
if (was === undefined) delete process.env[HEAP_GROWTH_ENV];
else process.env[HEAP_GROWTH_ENV] = was;
