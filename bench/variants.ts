/**
 * The benchmark's variants and the result of one measurement (shared by bench/run.ts and
 * bench/worker.ts).
 */

/**
 * What each variant builds and how it writes it. `library` is what a user of the library runs for a
 * large App (the project README: AppSynthesizer for large Apps); `baseline` is plain cdk8s.
 */
export const VARIANTS: { [name: string]: { readonly objects: 'library' | 'raw'; readonly synth: 'app.synth' | 'AppSynthesizer' } } = {
  'baseline': { objects: 'raw', synth: 'app.synth' },
  'library': { objects: 'library', synth: 'AppSynthesizer' },
  'library-app-synth': { objects: 'library', synth: 'app.synth' },
  'baseline-synthesizer': { objects: 'raw', synth: 'AppSynthesizer' },
};

export interface WorkerResult {
  readonly variant: string;
  readonly n: number;
  /** ms from process start to the end of module loading */
  readonly loadMs: number;
  /** raw-ApiObject variants only: ms spent preparing the N manifests before the clock starts */
  readonly prepMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  /** CPU time (user + system, all threads of the process) of construct + synth */
  readonly cpuMs: number;
  /** time in garbage collection during construct + synth (perf_hooks 'gc' entries) */
  readonly gcMs: number;
  /** process.resourceUsage().maxRSS, KB */
  readonly maxRssKb: number;
  readonly objects: number;
  readonly yamlBytes: number;
}
