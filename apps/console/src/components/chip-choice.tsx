import { Chip, Fieldset, Group } from '@mantine/core';

/** A set of toggles under a legend: a fieldset of checkboxes to assistive technology. */
export function ChipChoice<T extends string>(props: {
  legend: string;
  options: readonly T[];
  label: (value: T) => string;
  value: T[];
  onChange: (value: T[]) => void;
  testId?: string;
}) {
  return (
    <Fieldset legend={props.legend} variant="unstyled" data-testid={props.testId}>
      <Chip.Group multiple value={props.value} onChange={(v) => props.onChange(v as T[])}>
        <Group gap="xs">
          {props.options.map((option) => (
            <Chip key={option} value={option} size="sm">
              {props.label(option)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Fieldset>
  );
}
