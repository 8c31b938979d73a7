/**
 * Version of the conversion rules. It is part of `sourceHash`: bump it when
 * the output for the same input changes, so bundles are rebuilt and
 * `convert --check` reports them stale.
 */
export const CONVERTER_VERSION = 'codex-flow-converter/1';
