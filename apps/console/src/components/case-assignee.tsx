import { useTranslation } from 'react-i18next';
import { assigneeLabel } from '../api/case-view.js';
import { usePeopleNames } from '../api/cases.js';
import { useUser } from '../auth/session.js';

/** Who has the case: "you", "nobody", their name, or "another specialist". */
export function CaseAssignee({ assigneeId }: { assigneeId: string | null }) {
  const { t } = useTranslation();
  const user = useUser();
  const names = usePeopleNames();
  const label = assigneeLabel(assigneeId, user.id, names);
  return <>{label.kind === 'named' ? label.name : t(`cases.${label.kind}`)}</>;
}
