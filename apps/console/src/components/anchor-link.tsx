import { Anchor, type AnchorProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, Ref } from 'react';

function MantineAnchor(
  props: AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> },
) {
  return <Anchor component="a" {...props} />;
}

/** A Mantine anchor that is a typed router link (`to` and `params` checked against the routes). */
export const AnchorLink = createLink(MantineAnchor);
