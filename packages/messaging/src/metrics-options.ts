/**
 * The parts of a prom-client `Registry` the package uses (kept structural, so that the
 * package's types do not need prom-client installed).
 */
export interface PrometheusRegistry {
  registerMetric(metric: unknown): void;
  metrics(): Promise<string> | string;
}

/** The `metrics` option: export the counters to a prom-client registry. */
export interface MetricsOptions {
  /** A prom-client `Registry` (`new Registry()` or `register`, the default one). Needs `prom-client` installed. */
  registry: PrometheusRegistry;
  /**
   * Prefix of every metric name; give each instance its own when one registry serves several.
   * @default 'messaging_'
   */
  prefix?: string;
}
