/** One line of a scrape: a sample of a metric, with its labels. */
export interface PrometheusSample {
  /** As written: a histogram's samples end in `_bucket`, `_sum`, `_count`. */
  name: string;
  /** The metric (family) it belongs to: the name its `# TYPE` line gives. */
  metric: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape in Prometheus text format, parsed. */
export interface PrometheusScrape {
  /** Each metric's type, by name, from its `# TYPE` line. */
  types: Map<string, string>;
  samples: PrometheusSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const SUFFIXES = ['_bucket', '_sum', '_count'];

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/**
 * Parses the Prometheus text exposition format (what `/metrics` answers). Throws on a line
 * it cannot read, or a sample whose metric has no `# TYPE` line: the scrape is malformed.
 */
export function parsePrometheusText(text: string): PrometheusScrape {
  const types = new Map<string, string>();
  const samples: PrometheusSample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1] as string, type[2] as string);
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample: ${line}`);
    const [, name = '', labelText = '', value = ''] = match;
    const labels: Record<string, string> = {};
    for (const [, label = '', raw = ''] of labelText.matchAll(LABEL))
      labels[label] = unescapeLabel(raw);
    const metric = types.has(name)
      ? name
      : SUFFIXES.map((suffix) => (name.endsWith(suffix) ? name.slice(0, -suffix.length) : ''))
          .filter((family) => types.get(family) === 'histogram' || types.get(family) === 'summary')
          .at(0);
    if (!metric) throw new Error(`A sample of no declared metric: ${line}`);
    samples.push({ name, metric, labels, value: Number(value) });
  }
  return { types, samples };
}

/**
 * The sum of the samples named `name` whose labels include `labels` (0 when none): a
 * counter's value over the labels left out.
 *
 * @example
 * sampleValue(scrape, 'safenet_sends_total', { channel: 'sms', outcome: 'accepted' });
 */
export function sampleValue(
  scrape: PrometheusScrape,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  return scrape.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
