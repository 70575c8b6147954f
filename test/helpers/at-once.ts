/**
 * "Ends at once" in a test: far below the timeout the command would otherwise wait out (10 s or more in
 * every test that uses it), with room for a loaded 2-core CI machine. It is the line between stopping
 * and waiting, not a speed target: those live in bench/ (docs/benchmarks.md).
 */
export const AT_ONCE_MS = 5000;
