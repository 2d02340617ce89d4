// The mocha globals that web-test-runner provides, typed just enough for `tsc --noEmit` (the project has no
// @types/mocha). Function declarations merge as overloads, so installing @types/mocha later would not clash.
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => void | Promise<unknown>): void;
declare function before(body: () => void | Promise<unknown>): void;
declare function beforeEach(body: () => void | Promise<unknown>): void;
declare function after(body: () => void | Promise<unknown>): void;
declare function afterEach(body: () => void | Promise<unknown>): void;
