import { SID_SHAPE } from './model'

/** Rows of members (SIDs or account names): add and remove rows; a SID's shape is checked as a hint only. */
export function MembersEditor({ rows, onChange }: { rows: readonly string[]; onChange: (rows: readonly string[]) => void }) {
  const setRow = (i: number, value: string) => onChange(rows.map((r, j) => (j === i ? value : r)))
  return (
    <div class="members-editor">
      <p class="hint">
        A SID (<code>S-1-5-21-…</code>) or a well-known account name (<code>BUILTIN\Administrators</code>); domain accounts by name need the server&apos;s directory.
      </p>
      <ul>
        {rows.map((row, i) => {
          const doubtful = /^S-/i.test(row.trim()) && !SID_SHAPE.test(row.trim())
          return (
            <li key={i}>
              <label>
                Member {i + 1} <input type="text" value={row} spellcheck={false} aria-describedby={doubtful ? `member-hint-${i}` : undefined} onInput={(e) => setRow(i, e.currentTarget.value)} />
              </label>{' '}
              <button type="button" aria-label={`Remove member ${i + 1}`} disabled={rows.length === 1} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                Remove
              </button>
              {doubtful && (
                <span class="hint warning" id={`member-hint-${i}`}>
                  This does not look like a SID (S-1-5-21-…); the server decides.
                </span>
              )}
            </li>
          )
        })}
      </ul>
      <button type="button" onClick={() => onChange([...rows, ''])}>
        Add member
      </button>
    </div>
  )
}
