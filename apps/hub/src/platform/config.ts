import { z } from 'zod';

/**
 * Where a fragment reports a problem that no single variable's schema can see: a partial
 * group of variables, two that exclude each other.
 */
export interface ConfigProblems {
  /** `where` is a variable's name or a group's (`Twilio`); `message` says what to set. */
  add(where: string, message: string): void;
}

/**
 * A part of the hub's configuration, declared by its owner (the platform, a module, a channel
 * adapter): the environment variables it reads, each with its zod schema (bounds, default,
 * the message when wrong), and what it makes of their parsed values — its part of
 * `HubConfig`. `apps/hub/src/config.ts` combines every fragment and reads the environment
 * once; `HubConfig` is the combination of the parts.
 */
export interface ConfigFragment<Vars extends z.ZodRawShape = z.ZodRawShape, Part = unknown> {
  /** Each environment variable the fragment reads, by name, with its schema. */
  readonly vars: Vars;
  /**
   * The fragment's part of `HubConfig` from its variables' parsed values; problems over
   * several variables go to `problems` (the hub then refuses to start).
   */
  read(values: z.output<z.ZodObject<Vars>>, problems: ConfigProblems): Part;
}

/**
 * A fragment from its variables and what it makes of them.
 *
 * @example
 * configFragment(
 *   { SAFENET_SEND_BATCH: z.coerce.number().int().min(1).default(50) },
 *   (values) => ({ dispatch: { sendBatch: values.SAFENET_SEND_BATCH } }),
 * );
 */
export function configFragment<Vars extends z.ZodRawShape, Part extends object>(
  vars: Vars,
  read: (values: z.output<z.ZodObject<Vars>>, problems: ConfigProblems) => Part,
): ConfigFragment<Vars, Part> {
  return { vars, read };
}

type VarsOf<F> = F extends ConfigFragment<infer Vars, unknown> ? Vars : never;
type PartOf<F> = F extends ConfigFragment<z.ZodRawShape, infer Part> ? Part : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/**
 * One fragment reading the variables of all of `fragments` and making the combination of
 * their parts. Parts are combined key by key; a key that two parts both give must be an
 * object in each and is combined the same way (the `dispatch` section is the delivery
 * module's, the broadcasts module's and the queue's). Two fragments may read the same
 * variable only with the same schema (the WhatsApp Web phone's session lives in the
 * platform's `SAFENET_DATA_DIR`).
 */
export function combineFragments<const Fragments extends readonly ConfigFragment[]>(
  fragments: Fragments,
): ConfigFragment<
  Extract<Intersection<VarsOf<Fragments[number]>>, z.ZodRawShape>,
  Intersection<PartOf<Fragments[number]>>
> {
  const vars: Record<string, z.core.$ZodType> = {};
  for (const fragment of fragments) {
    for (const [name, schema] of Object.entries(fragment.vars)) {
      if (vars[name] !== undefined && vars[name] !== schema) {
        throw new Error(`Configuration fragments read ${name} with different schemas`);
      }
      vars[name] = schema;
    }
  }
  return {
    vars: vars as Extract<Intersection<VarsOf<Fragments[number]>>, z.ZodRawShape>,
    read(values, problems) {
      const whole: Record<string, unknown> = {};
      for (const fragment of fragments) combineInto(whole, fragment.read(values, problems), '');
      return whole as Intersection<PartOf<Fragments[number]>>;
    },
  };
}

/** Copies `part` into `whole`, combining objects both give; any other key given twice throws. */
function combineInto(whole: Record<string, unknown>, part: unknown, at: string): void {
  for (const [key, value] of Object.entries(part as Record<string, unknown>)) {
    const existing = whole[key];
    if (!(key in whole)) whole[key] = value;
    else if (isPlainObject(existing) && isPlainObject(value)) {
      const copy = { ...existing };
      combineInto(copy, value, `${at}${key}.`);
      whole[key] = copy;
    } else throw new Error(`Two configuration fragments give ${at}${key}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

/** A yes/no variable: `true`/`false`, `1`/`0` or `yes`/`no`. */
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * A variable holding a number, read into `field`: a schema over numbers, typically a channel
 * adapter's own, with its bounds, its default and its messages. Unset stays `undefined` for
 * `field` to default or allow; text that is no number fails `field` as NaN.
 *
 * @example
 * SAFENET_WHATSAPP_WEB_DAILY_CAP: numberVar(WhatsAppWebPacing.shape.dailyCap)
 */
export function numberVar<Field extends z.ZodType<unknown, number | undefined>>(field: Field) {
  return z
    .string()
    .optional()
    .transform((text) => (text === undefined ? undefined : Number(text)))
    .pipe(field);
}
