import { useLayoutEffect, useRef } from 'preact/hooks'

/**
 * A ref for a heading (give it `tabIndex={-1}`) that takes the focus whenever `key` changes, and
 * when it first renders if `initial` (a screen that replaces the one the user acted on).
 */
export function useHeadingFocus(key: unknown, initial = false) {
  const ref = useRef<HTMLHeadingElement>(null)
  const first = useRef(true)
  useLayoutEffect(() => {
    if (!first.current || initial) ref.current?.focus()
    first.current = false
  }, [key])
  return ref
}
