/**
 * Runs in each test worker before any test file is imported.
 *
 * CI runs the suite with CI=true, and Ink then draws no live frames, only the
 * last one at exit. The UI tests assert what a person at a terminal sees, frame
 * by frame, so the in-process Ink renders must behave as they do for a person.
 * (The end-to-end tests start the built CLI with CI unset for the same reason.)
 */
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
