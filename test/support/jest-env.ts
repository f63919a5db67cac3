/**
 * Engines the tests start (in this process or as children, which inherit this environment)
 * never refuse for a late event loop: on a shared CI machine a test process starved of CPU for
 * a moment is not an overloaded engine. test/http/admission.http.spec.ts turns it on to test it.
 */
process.env.LOOP_LAG_TARGET_MS ??= '0';
