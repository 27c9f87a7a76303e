// What other parts of the project reuse: the staff branding preview renders the same portal
// with sample data, a fixed colour scheme and an in-memory router, and checks contrast with
// the same rules the portal applies.
export { default as Portal } from './Portal.svelte';
export type { Backend, BackendEvents } from './backend/backend';
export {
  createSampleBackend,
  SAMPLE_STATES,
  type SampleBackend,
  type SampleOptions,
  type SampleState,
} from './backend/sample';
export { SAMPLE_BRANDING } from './backend/sample/data';
export { brandTheme, DEFAULT_COLORS, type BrandTheme, type ColorScheme, type ContrastCheck } from './branding';
