import { type Kysely, sql } from 'kysely';

/**
 * Contact imports (issue 16): spreadsheets read into contacts (the imports module's tables).
 *
 * - `contact_imports`: one upload — the file's name, format, encoding and delimiter as read,
 *   how its columns map to fields, the key rows are matched on, the mode, the consent
 *   statement (legal basis, channels, source), where it stands and its row counts.
 *   `committed_through` is the last row a `valid_rows` commit has written: a job that dies
 *   resumes after it.
 * - `contact_import_rows`: the rows of the file, staged while the import runs — only the
 *   cells of mapped columns (a child's name or birth date is never among them). `parsed` is
 *   the row as a contact, `key` the value it is matched on, `action` what the import does
 *   with it; rejected rows stay for the error report, the others go when it finishes.
 * - `contact_import_errors`: why each rejected row was rejected (row, column, stable code,
 *   the detail the message is built from — the message itself is worded in the reader's
 *   language when read).
 * - `contact_import_mappings`: an organisation's saved mapping, header → field.
 */
const statements = [
  sql`CREATE TABLE contact_imports (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        org_path uuid[] NOT NULL,
        file_name text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        encoding text,
        delimiter text,
        columns jsonb NOT NULL,
        key text NOT NULL CHECK (key IN ('externalRef', 'phone', 'email')),
        mode text NOT NULL CHECK (mode IN ('dry_run', 'all_or_nothing', 'valid_rows')),
        consent jsonb NOT NULL,
        default_country text,
        default_role text,
        default_language text,
        status text NOT NULL,
        processed integer NOT NULL DEFAULT 0,
        counts jsonb NOT NULL,
        committed_from text,
        committed_through integer NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`,
  sql`CREATE INDEX contact_imports_org ON contact_imports (org_id, created_at DESC, id DESC)`,
  sql`CREATE TABLE contact_import_rows (
        import_id uuid NOT NULL REFERENCES contact_imports(id) ON DELETE CASCADE,
        row integer NOT NULL,
        cells jsonb NOT NULL,
        key text,
        parsed jsonb,
        rejected boolean NOT NULL DEFAULT false,
        action text CHECK (action IN ('create', 'update', 'unchanged')),
        contact_id uuid,
        PRIMARY KEY (import_id, row)
      )`,
  sql`CREATE INDEX contact_import_rows_key ON contact_import_rows (import_id, key) WHERE key IS NOT NULL`,
  sql`CREATE INDEX contact_import_rows_contact ON contact_import_rows (contact_id) WHERE contact_id IS NOT NULL`,
  sql`CREATE TABLE contact_import_errors (
        import_id uuid NOT NULL REFERENCES contact_imports(id) ON DELETE CASCADE,
        row integer NOT NULL,
        position integer NOT NULL,
        column_header text,
        code text NOT NULL,
        detail text,
        PRIMARY KEY (import_id, row, position)
      )`,
  sql`CREATE TABLE contact_import_mappings (
        org_id uuid PRIMARY KEY REFERENCES organisations(id),
        mapping jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
];

/** Imports, their staged rows and errors, and saved mappings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
