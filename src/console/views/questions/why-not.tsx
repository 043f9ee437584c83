import type { Miss } from '../../api/types'
import { Principal } from '../../parts/principal'
import { Chain, where, type ChainContext } from './chain'
import { conditionText, membersText } from './proof'

function MissEntry({ ctx, miss }: { ctx: ChainContext; miss: Miss }) {
  const ra = miss.roleAssignment
  switch (miss.type) {
    case 'condition':
      return (
        <>
          <p>
            Role assignment "{ra.name}" ({where(ra.scope)}) grants it only if: {miss.conditions.map(conditionText).join('; ')}.
          </p>
          <Chain ctx={ctx} member={miss.member} roleAssignment={ra} path={miss.path} label={`Conditional path through ${ra.name}`} />
        </>
      )
    case 'excluded':
      return (
        <>
          <p>
            A path through role assignment "{ra.name}" is cut: a non-member entry of group "{miss.excludedBy.group.name}" names {membersText(miss.excludedBy.nonMember)}.
          </p>
          <Chain ctx={ctx} member={miss.member} roleAssignment={ra} path={miss.path} label={`Cut path through ${ra.name}`} />
        </>
      )
    case 'holds-operation':
      return (
        <>
          <p>
            Role assignment "{ra.name}" ({where(ra.scope)}) reaches the operation but {miss.tokenMember === 'no' ? 'does not hold this principal' : 'holds this principal only under conditions'}.
          </p>
          <Chain ctx={ctx} roleAssignment={ra} path={miss.path} label={`Path of ${ra.name} to the operation`} />
          {miss.wouldGrant.length > 0 && (
            <p class="would-grant">
              Members who would get it:{' '}
              {miss.wouldGrant.map((w, i) => (
                <span key={w.sid}>
                  {i > 0 && ', '}
                  <Principal member={w} />
                </span>
              ))}
              {miss.moreWouldGrant > 0 && ` and ${miss.moreWouldGrant} more`}
            </p>
          )}
        </>
      )
    case 'holds-token':
      return (
        <>
          <p>
            Role assignment "{ra.name}" ({where(ra.scope)}) holds this principal but not the operation; it grants instead:{' '}
            {miss.grants.map((g) => `${g.operation.id ?? ''} ${g.operation.name}`.trim()).join(', ')}
            {miss.moreGrants > 0 && ` and ${miss.moreGrants} more`}.
          </p>
          <Chain ctx={ctx} member={miss.member} roleAssignment={ra} label={`Membership of ${ra.name}`} />
        </>
      )
    case 'other-scope':
      return (
        <>
          <p>
            Scope "{miss.scope}" {miss.decision === 'granted' ? 'grants' : 'conditionally grants'} it, through role assignment "{ra.name}".
          </p>
          <Chain ctx={ctx} member={miss.member} roleAssignment={ra} path={miss.path} label={`Path in scope ${miss.scope}`} />
        </>
      )
  }
}

/** The nearest misses of a decision that is not granted, nearest first (docs/access-evaluation.md §6.5). */
export function WhyNot({ ctx, whyNot }: { ctx: ChainContext; whyNot: { readonly misses: readonly Miss[]; readonly more: number } }) {
  return (
    <section class="why-not" aria-label="Why not">
      <h4>Why not: the nearest misses</h4>
      {whyNot.misses.length === 0 ? (
        <p class="none">Nothing in the store comes near to granting it.</p>
      ) : (
        <ol class="misses">
          {whyNot.misses.map((m, i) => (
            <li key={i} class="miss" data-type={m.type}>
              <MissEntry ctx={ctx} miss={m} />
            </li>
          ))}
        </ol>
      )}
      {whyNot.more > 0 && <p class="more">and {whyNot.more} more (ask for more near misses to see them)</p>}
    </section>
  )
}
