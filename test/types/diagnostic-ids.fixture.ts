// Compile-time fixture for test/types/diagnostic-ids.test.ts (checked by tsc, never run). Each line
// marked @ts-expect-error must fail to compile; if the ids stop being a type, the directive itself is
// reported as unused and the test fails.
import { check } from '../../src/report/check.js';
import { diagnostic, hasDiagnostic, type DiagnosticId } from '../../src/report/diagnostics/index.js';
import { couldNotFinishErrorFrom, problemErrorFrom, usageErrorFrom } from '../../src/report/diagnostics/errors.js';
import type { FileProblem } from '../../src/util/user-file.js';

// Ids in the registry compile, literal or built from a union the registry covers.
check('cert.trust', { issuer: 'x' });
diagnostic('interrupted');
usageErrorFrom('usage.bad-option', { message: 'x' });
declare const problem: FileProblem;
diagnostic(`file.${problem}`);

// @ts-expect-error: a misspelt id
check('cert.trusst');
// @ts-expect-error: an id the registry does not have
diagnostic('no.such.id');
// @ts-expect-error: the error helpers take registry ids only
usageErrorFrom('usage.no-such-flag');
// @ts-expect-error: the error helpers take registry ids only
problemErrorFrom('problem.made-up');
// @ts-expect-error: the error helpers take registry ids only
couldNotFinishErrorFrom('network.made-up');

// A string built at run time is not an id until the registry says so.
declare const code: string;
const built = `net.${code}`;
// @ts-expect-error: a plain string is not an id
diagnostic(built);
// @ts-expect-error: nor is a string variable
const id: DiagnosticId = code;
if (hasDiagnostic(built)) diagnostic(built);
void id;
